// A real dask.distributed cluster (Debian's python3-distributed) recorded in the environment
// mode, as a job script would run it: dask-scheduler and two `dask-worker --nworkers 2`, each a
// separate command with LD_PRELOAD/PPROF_OUTPUT from `pprof-run --print-env` and its own
// PPROF_HOST standing for another machine; a client (tests/workloads/python/dask_job.py) runs
// a dask.bag map and a dask.dataframe read_csv + groupby, then shuts the cluster down. The
// directory of profiles, read as one job, must have every worker process of both "hosts", the
// task function with its file and line, each worker's task time matching the CPU time the task
// itself measured, and no task time in the scheduler.
#include <gtest/gtest.h>

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "harness.h"

namespace pprof::itest {
namespace {

constexpr int kHz = 499;
constexpr int kClusterTimeout = 240;  // seconds any one of them may run (the harness kills a hang)

std::vector<std::string> environmentFor(const std::string& pattern, const std::string& host) {
  ProcessResult printed = run({PPROF_RUN_PATH, "--print-env", "-o", pattern, "-F", std::to_string(kHz)});
  EXPECT_EQ(printed.status, 0) << printed.err;
  std::vector<std::string> env = {"PPROF_HOST=" + host};
  for (const std::string& line : lines(printed.out)) {
    std::string assignment = line.substr(7);  // "export "
    if (size_t tail = assignment.find("${"); tail != std::string::npos) assignment.resize(tail);
    std::string unquoted;
    for (char c : assignment) if (c != '\'') unquoted += c;
    env.push_back(unquoted);
  }
  return env;
}

size_t filesIn(const std::string& dir) {
  size_t n = 0;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) n += e->d_name[0] != '.';
    closedir(d);
  }
  return n;
}

// Every profile of the directory complete (the collectors finish after their roots exit).
void awaitComplete(const std::string& dir, size_t expected) {
  for (int i = 0; i < 600; ++i) {
    if (filesIn(dir) == expected) {
      ProcessResult table = run({PPROF_STATS_PATH, dir, "--top", "1"});
      if (table.status == 0 && table.out.find("incomplete") == std::string::npos) return;
    }
    usleep(100000);
  }
  ADD_FAILURE() << dir << ": not " << expected << " complete profiles 60 s after the cluster ended";
}

class DaskCluster : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir(/*shared=*/true);
    const std::string prof = dir_->path("prof/%h-%p.prof");
    const std::string scheduler_file = dir_->path("scheduler.json");
    Child scheduler({DASK_SCHEDULER, "--scheduler-file", scheduler_file, "--host", "127.0.0.1", "--port", "0",
                     "--no-dashboard"},
                    environmentFor(prof, "sched"), false, kClusterTimeout);
    std::vector<std::unique_ptr<Child>> workers;
    for (const char* host : {"hostA", "hostB"}) {
      workers.push_back(std::make_unique<Child>(
          std::vector<std::string>{DASK_WORKER, "--scheduler-file", scheduler_file, "--nworkers", "2", "--nthreads",
                                   "1", "--no-dashboard", "--memory-limit", "0"},
          environmentFor(prof, host), false, kClusterTimeout));
    }
    client_ = new ProcessResult(run({PPROF_PYTHON3, PYTHON_WORKLOADS_DIR "/dask_job.py", scheduler_file,
                                     dir_->path("data"), dir_->path("result.json")}));
    for (auto& worker : workers) worker_status_.push_back(worker->finish().status);
    scheduler_status_ = scheduler.finish().status;
    // The scheduler's and each dask-worker's process tree: one file each.
    awaitComplete(dir_->path("prof"), 3);
    std::ifstream result(dir_->path("result.json"));
    if (result) result_ = nlohmann::json::parse(result, nullptr, false);
  }
  static void TearDownTestSuite() {
    delete client_;
    delete dir_;
  }

  static nlohmann::json job(const std::vector<std::string>& options = {}) {
    return stats(dir_->path("prof"), options);
  }

  static TempDir* dir_;
  static ProcessResult* client_;
  static std::vector<int> worker_status_;
  static int scheduler_status_;
  static nlohmann::json result_;
};
TempDir* DaskCluster::dir_ = nullptr;
ProcessResult* DaskCluster::client_ = nullptr;
std::vector<int> DaskCluster::worker_status_;
int DaskCluster::scheduler_status_ = -1;
nlohmann::json DaskCluster::result_;

TEST_F(DaskCluster, TheJobRanAndEveryCommandEnded) {
  ASSERT_EQ(client_->status, 0) << client_->err;
  ASSERT_TRUE(result_.is_object()) << client_->out;
  EXPECT_EQ(result_["tasks"].size(), 24u);
  EXPECT_EQ(result_["groups"], 50);
  EXPECT_EQ(scheduler_status_, 0);
  for (int status : worker_status_) EXPECT_EQ(status, 0);
}

TEST_F(DaskCluster, EveryWorkerProcessOfBothHostsIsInTheJobsProfile) {
  ASSERT_TRUE(result_.is_object());
  const nlohmann::json s = job();
  std::set<std::pair<std::string, long>> recorded;
  for (const nlohmann::json& t : s["threads"]) recorded.insert({t["host"], t["pid"].get<long>()});
  std::set<std::pair<std::string, long>> task_workers;
  for (const nlohmann::json& task : result_["tasks"]) task_workers.insert({task[0], task[1].get<long>()});
  std::set<std::string> hosts;
  for (const auto& [host, pid] : task_workers) {
    hosts.insert(host);
    EXPECT_TRUE(recorded.count({host, pid})) << "worker " << pid << " on " << host << " not in the profile";
  }
  EXPECT_EQ(hosts, (std::set<std::string>{"hostA", "hostB"}));
  EXPECT_GE(task_workers.size(), 3u) << "tasks ran on at most two of the four worker processes";
  EXPECT_EQ(s["meta"]["hosts"], 3);  // sched, hostA, hostB
}

TEST_F(DaskCluster, TheTaskFunctionHasItsFileAndLineAndEachWorkersTimeIsTheWorkItDid) {
  ASSERT_TRUE(result_.is_object());
  std::map<std::pair<std::string, long>, double> measured;  // CPU the tasks measured themselves
  for (const nlohmann::json& task : result_["tasks"]) measured[{task[0], task[1].get<long>()}] += task[2].get<double>();
  const nlohmann::json all = job({"--frames", "python"});
  const nlohmann::json* task = findFunction(all, "task_work");
  ASSERT_NE(task, nullptr);
  EXPECT_NE(task->at("file").get<std::string>().find("dask_job.py"), std::string::npos) << *task;
  EXPECT_EQ(task->at("line"), 20);  // def task_work
  for (const auto& [worker, seconds] : measured) {
    const nlohmann::json one = job({"--frames", "python", "--host", worker.first, "--pid", std::to_string(worker.second)});
    const nlohmann::json* f = findFunction(one, "task_work");
    ASSERT_NE(f, nullptr) << worker.first << " " << worker.second;
    const double profiled = f->at("total_seconds").get<double>();
    EXPECT_NEAR(profiled, seconds, 0.15 * seconds + 0.05) << "worker " << worker.second << " on " << worker.first;
  }
}

TEST_F(DaskCluster, TheSchedulerRunsNoTaskCode) {
  const nlohmann::json sched = job({"--frames", "python", "--host", "sched"});
  EXPECT_GT(sched["meta"]["samples"].get<double>(), 0) << "the scheduler recorded itself";
  EXPECT_EQ(findFunction(sched, "task_work"), nullptr);
}

TEST_F(DaskCluster, ThreadsAreListedByHost) {
  ProcessResult table = run({PPROF_STATS_PATH, dir_->path("prof"), "--threads"});
  ASSERT_EQ(table.status, 0) << table.err;
  size_t a = table.out.find("\nhostA"), b = table.out.find("\nhostB"), s = table.out.find("\nsched");
  ASSERT_NE(a, std::string::npos) << table.out;
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(s, std::string::npos);
  EXPECT_LT(a, b);  // grouped by host, in name order
  EXPECT_LT(b, s);
}

}  // namespace
}  // namespace pprof::itest

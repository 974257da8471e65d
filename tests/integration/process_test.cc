// Every process of a run joins one profile: forked children (also those leaving through _exit),
// exec'ed images, Python multiprocessing.Pool workers, and a program killed with SIGKILL
// mid-run keeps what was sampled up to about a second before the kill.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "harness.h"

namespace pprof::itest {
namespace {

constexpr int kHz = 1000;

// "process PID ROLE" / "image PID NAME" / "worker PID" lines: the pids of one kind.
std::vector<long> pidsFromOutput(const std::string& out, const std::string& tag) {
  std::vector<long> pids;
  for (const std::string& line : lines(out)) {
    std::vector<std::string> w = words(line);
    if (w.size() >= 2 && w[0] == tag) pids.push_back(std::stol(w[1]));
  }
  return pids;
}

TEST(ProcessTest, ForkedChildrenKeepTheirSamplesEvenThroughExit) {
  TempDir dir;
  std::string profile = dir.path("fork.prof");
  ProcessResult result = run(pprofRunArgv(profile, kHz, {WORKLOAD_FORK_CHILDREN}));
  ASSERT_EQ(result.status, 0) << result.err;
  nlohmann::json s = stats(profile);
  std::vector<long> pids = pidsFromOutput(result.out, "process");
  ASSERT_EQ(pids.size(), 6u) << result.out;
  EXPECT_EQ(s["meta"]["processes"].get<int>(), 6);
  std::map<long, double> samples = processSamples(s);
  // Each child burns 0.2 s of CPU: ~200 samples at 1 kHz. Ask for most of them, so a child
  // that lost its last buffer on _exit fails.
  for (long pid : pids) EXPECT_GE(samples[pid], 0.2 * kHz * 0.9) << "pid " << pid << "\n" << result.out;
}

TEST(ProcessTest, ExecedImagesJoinTheProfileAndExitStatusPassesThrough) {
  TempDir dir;
  std::string profile = dir.path("exec.prof");
  ProcessResult result = run(pprofRunArgv(profile, kHz, {WORKLOAD_EXEC_CHAIN}));
  EXPECT_EQ(result.status, 3) << result.err;  // the status of the last image
  nlohmann::json s = stats(profile);
  std::vector<long> pids = pidsFromOutput(result.out, "image");
  ASSERT_EQ(pids.size(), 3u) << result.out;
  std::map<long, double> samples = processSamples(s);
  for (long pid : pids) EXPECT_GT(samples[pid], 0) << "pid " << pid;
  for (const char* name : {"exec_start_work", "exec_child_work", "exec_after_work"}) {
    const nlohmann::json* function = findFunction(s, name);
    ASSERT_NE(function, nullptr) << name << " missing";
    EXPECT_GE(function->at("total_samples").get<double>(), 0.2 * kHz * 0.9) << name;
  }
}

TEST(ProcessTest, PythonPoolWorkersLeavingThroughOsExitAreAllInTheProfile) {
  TempDir dir;
  std::string profile = dir.path("pool.prof");
  ProcessResult result = run(pprofRunArgv(profile, kHz, {PPROF_PYTHON3, MP_POOL_SCRIPT}));
  ASSERT_EQ(result.status, 0) << result.err;
  nlohmann::json s = stats(profile);
  std::vector<long> workers = pidsFromOutput(result.out, "worker");
  ASSERT_GE(workers.size(), 2u) << result.out;
  std::map<long, double> samples = processSamples(s);
  for (long pid : pidsFromOutput(result.out, "parent")) EXPECT_GT(samples[pid], 0) << "parent " << pid;
  for (long pid : workers) EXPECT_GT(samples[pid], 10) << "worker " << pid << "\n" << result.out;
}

double processCpuSecondsFromProc(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
  std::vector<std::string> fields = words(text.substr(text.rfind(')') + 1));
  if (fields.size() < 13) return -1;
  return (std::stod(fields[11]) + std::stod(fields[12])) / sysconf(_SC_CLK_TCK);
}

TEST(ProcessTest, SigkilledProgramLeavesAReadableProfileAndExitStatus137) {
  TempDir dir;
  std::string profile = dir.path("killed.prof");
  Child child(pprofRunArgv(profile, kHz, {WORKLOAD_LONG_RUNNING}));
  std::optional<std::string> first = child.readLine();
  ASSERT_TRUE(first && words(*first).size() == 2) << "no pid line";
  pid_t program = std::stoi(words(*first)[1]);
  // Wait (by reading its progress lines) until it has burnt 1.5 s of CPU.
  for (std::optional<std::string> line; (line = child.readLine());) {
    std::vector<std::string> w = words(*line);
    if (w.size() == 2 && w[0] == "cpu" && std::stod(w[1]) >= 1.5) break;
  }
  double cpu_at_kill = processCpuSecondsFromProc(program);
  ASSERT_GT(cpu_at_kill, 1.0);
  ASSERT_EQ(kill(program, SIGKILL), 0);
  ProcessResult result = child.finish();
  EXPECT_EQ(result.status, 137) << result.err;

  nlohmann::json s = stats(profile);
  double samples = processSamples(s)[program];
  EXPECT_GE(samples, (cpu_at_kill - 1.0) * kHz)
      << "killed after " << cpu_at_kill << " CPU seconds: more than ~1 s of samples lost";
  EXPECT_LE(samples, (cpu_at_kill + 0.1) * kHz * 1.05);
}

// The "all threads and processes" check: a thread started before main by a library
// constructor, named worker threads, and a forked child with threads of its own.
TEST(ProcessTest, EveryThreadOfEveryProcessIsInTheProfileUnderItsName) {
  TempDir dir;
  std::string profile = dir.path("threads.prof");
  ProcessResult result = run(pprofRunArgv(profile, kHz, {WORKLOAD_THREADS_AND_PROCS}));
  ASSERT_EQ(result.status, 0) << result.err;
  nlohmann::json s = stats(profile);
  EXPECT_EQ(s["meta"]["processes"].get<int>(), 2);

  std::map<std::pair<long, long>, std::string> names;
  for (const nlohmann::json& thread : s["threads"])
    names[{thread["pid"].get<long>(), thread["tid"].get<long>()}] = thread["name"].is_string() ? thread["name"].get<std::string>() : "";
  std::map<std::pair<long, long>, double> samples = threadSamples(s);
  int announced = 0;
  for (const std::string& line : lines(result.out)) {
    std::vector<std::string> w = words(line);
    if (w.size() != 4 || w[0] != "thread") continue;
    ++announced;
    std::pair<long, long> ids{std::stol(w[1]), std::stol(w[2])};
    EXPECT_GE(samples[ids], 0.15 * kHz * 0.9) << line;  // each thread burns 0.15 s
    EXPECT_EQ(names[ids], w[3]) << line;
  }
  EXPECT_EQ(announced, 8) << result.out;
}

}  // namespace
}  // namespace pprof::itest

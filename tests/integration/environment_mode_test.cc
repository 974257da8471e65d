// The environment mode (profiler/sampler/environment_mode.h): processes started with the lines
// `pprof-run --print-env` prints, not by pprof-run, under the same robustness cases as
// process_test.cc: forked children leaving through _exit, an exec chain, Python pool workers
// leaving through os._exit, SIGTERM and SIGKILL of the tree's root. Also the file name pattern
// (%h from PPROF_HOST, %p the root's pid, directories made) and a worker that cannot write its
// file (one line on stderr, output and exit status its own).
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <dirent.h>

#include "harness.h"

namespace pprof::itest {
namespace {

constexpr int kHz = 1000;

// `pprof-run --print-env -o PATTERN -F HZ` as "NAME=VALUE" entries for the harness (the export
// lines' single quotes removed; LD_PRELOAD's "${LD_PRELOAD:+...}" tail is the shell's business).
std::vector<std::string> environmentFor(const std::string& pattern, const std::string& host) {
  ProcessResult printed = run({PPROF_RUN_PATH, "--print-env", "-o", pattern, "-F", std::to_string(kHz)});
  EXPECT_EQ(printed.status, 0) << printed.err;
  std::vector<std::string> env = {"PPROF_HOST=" + host};
  for (const std::string& line : lines(printed.out)) {
    EXPECT_EQ(line.rfind("export ", 0), 0u) << line;
    std::string assignment = line.substr(7);
    if (size_t tail = assignment.find("${"); tail != std::string::npos) assignment.resize(tail);
    std::string unquoted;
    for (char c : assignment) if (c != '\'') unquoted += c;
    env.push_back(unquoted);
  }
  return env;
}

std::vector<std::string> filesIn(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') names.push_back(e->d_name);
    }
    closedir(d);
  }
  return names;
}

// The collector finishes the file after the tree's root is gone: wait (bounded) until
// pprof-stats reads it as complete. Not a speed check: 60 s is far beyond the ~1 s it takes.
void awaitComplete(const std::string& profile) {
  for (int i = 0; i < 600; ++i) {
    ProcessResult table = run({PPROF_STATS_PATH, profile, "--top", "1"});
    if (table.status == 0 && table.out.find("incomplete") == std::string::npos) return;
    usleep(100000);
  }
  ADD_FAILURE() << profile << " was not complete 60 s after its process tree ended";
}

std::vector<long> pidsTagged(const std::string& out, const std::string& tag) {
  std::vector<long> pids;
  for (const std::string& line : lines(out)) {
    std::vector<std::string> w = words(line);
    if (w.size() >= 2 && w[0] == tag) pids.push_back(std::stol(w[1]));
  }
  return pids;
}

// Runs `argv` in the environment mode; returns its result and the one profile it wrote.
struct TreeRun {
  ProcessResult result;
  std::string profile;
};
TreeRun runTree(const TempDir& dir, const std::vector<std::string>& argv, const std::string& host = "host-a") {
  TreeRun tree;
  tree.result = run(argv, environmentFor(dir.path("prof/%h-%p.prof"), host));
  const std::vector<std::string> files = filesIn(dir.path("prof"));
  EXPECT_EQ(files.size(), 1u) << "one file per process tree";
  if (!files.empty()) tree.profile = dir.path("prof/" + files[0]);
  if (!files.empty()) awaitComplete(tree.profile);
  return tree;
}

TEST(EnvironmentMode, TheFileIsCompleteWhenTheRootHasExited) {
  TempDir dir;
  ProcessResult result = run({WORKLOAD_FORK_CHILDREN}, environmentFor(dir.path("prof/%p.prof"), "h"));
  ASSERT_EQ(result.status, 0) << result.err;
  const std::vector<std::string> files = filesIn(dir.path("prof"));
  ASSERT_EQ(files.size(), 1u);
  // No waiting: the root's exit waited for pprof-collect to finish the file.
  ProcessResult table = run({PPROF_STATS_PATH, dir.path("prof/" + files[0]), "--top", "1"});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_EQ(table.out.find("incomplete"), std::string::npos) << table.out;
}

TEST(EnvironmentMode, AProgramThatReapsEveryChildIsNotKeptWaitingByTheCollector) {
  TempDir dir;
  // Waits for children until there are none: the collector must not be one of them.
  const std::string script =
      "import os\n"
      "if os.fork() == 0:\n"
      "    os._exit(0)\n"
      "n = 0\n"
      "while True:\n"
      "    try:\n"
      "        os.wait()\n"
      "        n += 1\n"
      "    except ChildProcessError:\n"
      "        break\n"
      "print('reaped', n)\n";
  ProcessResult result = run({PPROF_PYTHON3, "-c", script}, environmentFor(dir.path("prof/%p.prof"), "h"));
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "reaped 1\n");
}

TEST(EnvironmentMode, ForkedChildrenLeavingThroughExitAreInTheRootsFileNamedByHostAndPid) {
  TempDir dir;
  TreeRun tree = runTree(dir, {WORKLOAD_FORK_CHILDREN}, "worker-host-1");
  ASSERT_EQ(tree.result.status, 0) << tree.result.err;
  EXPECT_EQ(tree.result.err, "");
  const std::vector<long> pids = pidsTagged(tree.result.out, "process");
  ASSERT_EQ(pids.size(), 6u) << tree.result.out;
  nlohmann::json s = stats(tree.profile);
  EXPECT_EQ(s["meta"]["processes"].get<int>(), 6);
  std::map<long, double> samples = processSamples(s);
  for (long pid : pids) EXPECT_GE(samples[pid], 0.2 * kHz * 0.9) << "pid " << pid;
  // %h is PPROF_HOST, %p the root's pid: the first "process" line is the root's.
  EXPECT_EQ(tree.profile, dir.path("prof/worker-host-1-" + std::to_string(pids[0]) + ".prof"));
}

TEST(EnvironmentMode, AnExecChainStaysInOneFileAndKeepsItsExitStatus) {
  TempDir dir;
  TreeRun tree = runTree(dir, {WORKLOAD_EXEC_CHAIN});
  EXPECT_EQ(tree.result.status, 3) << tree.result.err;
  nlohmann::json s = stats(tree.profile);
  for (const char* name : {"exec_start_work", "exec_child_work", "exec_after_work"}) {
    const nlohmann::json* function = findFunction(s, name);
    ASSERT_NE(function, nullptr) << name << " missing";
    EXPECT_GE(function->at("total_samples").get<double>(), 0.2 * kHz * 0.9) << name;
  }
}

TEST(EnvironmentMode, PythonPoolWorkersLeavingThroughOsExitAreInTheFile) {
  TempDir dir;
  TreeRun tree = runTree(dir, {PPROF_PYTHON3, MP_POOL_SCRIPT});
  ASSERT_EQ(tree.result.status, 0) << tree.result.err;
  nlohmann::json s = stats(tree.profile);
  std::map<long, double> samples = processSamples(s);
  const std::vector<long> workers = pidsTagged(tree.result.out, "worker");
  ASSERT_GE(workers.size(), 2u) << tree.result.out;
  for (long pid : workers) EXPECT_GT(samples[pid], 10) << "worker " << pid;
  EXPECT_NE(findFunction(s, "burn"), nullptr) << "the Python task function";
}

// SIGTERM and SIGKILL of the root: the collector ends the file with what was streamed.
void killRootAndCheck(int signal_number) {
  TempDir dir;
  Child child({WORKLOAD_LONG_RUNNING}, environmentFor(dir.path("prof/%h-%p.prof"), "host-k"));
  std::optional<std::string> first = child.readLine();
  ASSERT_TRUE(first && words(*first).size() == 2) << "no pid line";
  const pid_t program = std::stoi(words(*first)[1]);
  for (std::optional<std::string> line; (line = child.readLine());) {
    std::vector<std::string> w = words(*line);
    if (w.size() == 2 && w[0] == "cpu" && std::stod(w[1]) >= 1.0) break;
  }
  ASSERT_EQ(kill(program, signal_number), 0);
  ProcessResult result = child.finish();
  EXPECT_EQ(result.status, 128 + signal_number);
  const std::string profile = dir.path("prof/host-k-" + std::to_string(program) + ".prof");
  awaitComplete(profile);
  nlohmann::json s = stats(profile);
  // At least the first half second of CPU (the drain streams every 50 ms).
  EXPECT_GE(processSamples(s)[program], 0.5 * kHz) << "signal " << signal_number;
}

TEST(EnvironmentMode, SigtermOfTheRootCompletesTheFile) { killRootAndCheck(SIGTERM); }
TEST(EnvironmentMode, SigkillOfTheRootKeepsWhatWasStreamed) { killRootAndCheck(SIGKILL); }

TEST(EnvironmentMode, AWorkerThatCannotWriteItsFileSaysSoOnceAndRunsOnUnchanged) {
  TempDir dir;
  ProcessResult plain = run({WORKLOAD_EXEC_CHAIN});
  // A directory that cannot be made: below a regular file.
  ProcessResult made = run({"/bin/sh", "-c", "echo > " + dir.path("file")});
  ASSERT_EQ(made.status, 0);
  ProcessResult result = run({WORKLOAD_EXEC_CHAIN}, environmentFor(dir.path("file/prof/%p.prof"), "h"));
  EXPECT_EQ(result.status, plain.status);
  EXPECT_EQ(lines(result.out).size(), lines(plain.out).size()) << result.out;
  // Once for the whole tree (the exec'd images do not repeat it).
  EXPECT_EQ(lines(result.err).size(), 1u) << result.err;
  EXPECT_NE(result.err.find("pprof: PPROF_OUTPUT: "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(dir.path("file")), std::string::npos) << result.err;
  // A bad sampling variable is named, and runs on unprofiled too.
  std::vector<std::string> env = environmentFor(dir.path("ok/%p.prof"), "h");
  for (std::string& entry : env) {
    if (entry.rfind("PPROF_FREQUENCY=", 0) == 0) entry = "PPROF_FREQUENCY=99;regions_only=1";
  }
  ProcessResult bad = run({WORKLOAD_EXEC_CHAIN}, env);
  EXPECT_EQ(bad.status, plain.status);
  EXPECT_EQ(lines(bad.err).size(), 1u) << bad.err;
  EXPECT_NE(bad.err.find("PPROF_FREQUENCY='99;regions_only=1': expected digits"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace pprof::itest

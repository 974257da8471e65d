// Integration test harness: runs real programs (pprof-run, pprof-stats, the workloads under
// tests/workloads) as child processes and reads their output and profiles.
//
// Paths to the tools and workloads come from compile definitions set by CMake with
// $<TARGET_FILE:...> (see CMakeLists.txt), so tests never guess where the build put things.
// Each child runs in its own process group. A run that outlives its timeout (a hang, e.g. a
// sampler deadlock) is reported as a failure and its whole group is killed, so no deadlocked
// workload is left behind; PR_SET_PDEATHSIG covers the test itself being killed by ctest.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pprof::itest {

// Exit status as a shell reports it: the code, or 128+N for death by signal N.
int shellStatus(int wait_status);

struct ProcessResult {
  int status = -1;  // shellStatus()
  std::string out;
  std::string err;
  bool timed_out = false;
};

// How long one program may run before the harness calls it hung and kills its process group.
constexpr int kDefaultRunTimeoutSeconds = 45;

// A started child process with its stdout (and optionally stderr) on pipes.
class Child {
 public:
  // extra_env entries ("NAME=VALUE") are added to (or replace) this process's environment.
  Child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {},
        bool pipe_stdin = false, int timeout_seconds = kDefaultRunTimeoutSeconds);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  void writeStdinAndClose(const std::string& text);
  // The next stdout line without its '\n'; nullopt at EOF. Stderr is collected meanwhile.
  std::optional<std::string> readLine();
  // Reads both pipes to EOF and reaps the child.
  ProcessResult finish();

 private:
  bool pump(bool want_stdout_line);
  void killGroup();
  pid_t pid_ = -1;
  double deadline_ = 0;  // CLOCK_MONOTONIC seconds
  bool timed_out_ = false;
  int stdin_fd_ = -1, out_fd_ = -1, err_fd_ = -1;
  std::string out_, err_, consumed_out_;
  bool reaped_ = false;
};

ProcessResult run(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {},
                  const std::string& stdin_text = "");

// A fresh directory for one test's files, removed when the test passed (kept for a look when
// it failed; the path is printed). A `shared` directory (one run used by a whole suite) is
// kept when any test of the executable failed.
class TempDir {
 public:
  explicit TempDir(bool shared = false);
  ~TempDir();
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

 private:
  std::string dir_;
  bool shared_;
};

// pprof-run -o PROFILE -F HZ [extra options] -- PROGRAM_ARGV...
std::vector<std::string> pprofRunArgv(const std::string& profile, int hz,
                                      const std::vector<std::string>& program_argv,
                                      const std::vector<std::string>& options = {});

// `pprof-stats PROFILE [options] --format json`, parsed (options {"--advise"}: the advisor's
// report). Throws std::runtime_error (caught by gtest as a failure) with pprof-stats's stderr if
// it fails or prints something that is not JSON.
nlohmann::json stats(const std::string& profile, const std::vector<std::string>& options = {});

// The "functions" entry whose name is `name`, or starts with `name(` (C++ parameter lists).
// nullptr when absent.
const nlohmann::json* findFunction(const nlohmann::json& stats, const std::string& name);
double selfPercent(const nlohmann::json& stats, const std::string& name);   // 0 when absent
double totalPercent(const nlohmann::json& stats, const std::string& name);  // 0 when absent

// Samples per (pid, tid) from "threads".
std::map<std::pair<long, long>, double> threadSamples(const nlohmann::json& stats);
// Samples per pid, summed over its threads.
std::map<long, double> processSamples(const nlohmann::json& stats);

// Splits program output into lines, and lines into whitespace-separated words.
std::vector<std::string> lines(const std::string& text);
std::vector<std::string> words(const std::string& line);

}  // namespace pprof::itest

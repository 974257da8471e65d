// pprof-run --pid: attaching to a running program (tests/workloads/attach_target.cc) samples
// every thread with the right shares, shows sleeping threads in wall mode, never disturbs the
// program (same output, no EINTR, exit status 0), and fails with one clear line when it cannot
// attach.
//
// Synchronisation without sleeps-as-guesses: a test knows pprof-run has attached when its
// /proc/PID/fd holds perf_event fds for the target's threads, and that it has detached when
// they are gone. The truth for CPU shares is the target's own scheduler statistics
// (/proc/PID/task/TID/schedstat) read at those two moments.
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>

#include "harness.h"

namespace pprof::itest {
namespace {

constexpr double kSharePoints = 5.0;
constexpr double kWaitSeconds = 30;  // generous: the machine may be very busy

double monotonicSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void pause5ms() {
  timespec ts{0, 5'000'000};
  nanosleep(&ts, nullptr);
}

// The attach workload, with a stdin we can keep writing to (harness::Child closes it after
// one write) and its stdout read line by line.
class Target {
 public:
  Target(int busy, int sleepers) {
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);
      dup2(in[0], 0);
      dup2(out[1], 1);
      std::string b = std::to_string(busy), s = std::to_string(sleepers);
      execl(WORKLOAD_ATTACH_TARGET, WORKLOAD_ATTACH_TARGET, b.c_str(), s.c_str(), nullptr);
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    in_ = in[1];
    out_ = out[0];
  }
  ~Target() {
    if (in_ >= 0) close(in_);
    if (out_ >= 0) close(out_);
    if (!reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  pid_t pid() const { return pid_; }

  void send(const std::string& line) {
    std::string text = line + "\n";
    ASSERT_EQ(write(in_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }

  // The next stdout line, or nullopt at EOF / after kWaitSeconds.
  std::optional<std::string> readLine() {
    double deadline = monotonicSeconds() + kWaitSeconds;
    for (;;) {
      if (size_t nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      pollfd p{out_, POLLIN, 0};
      int left_ms = static_cast<int>((deadline - monotonicSeconds()) * 1000);
      if (left_ms <= 0 || poll(&p, 1, left_ms) <= 0) return std::nullopt;
      char chunk[4096];
      ssize_t n = read(out_, chunk, sizeof(chunk));
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  // Sends "quit" and collects the rest of stdout and the exit status.
  ProcessResult quit() {
    send("quit");
    return finish();
  }

  ProcessResult finish() {
    close(in_);
    in_ = -1;
    ProcessResult result;
    while (auto line = readLine()) result.out += *line + "\n";
    result.out += buffer_;
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    result.status = shellStatus(status);
    return result;
  }

 private:
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::string buffer_;
  bool reaped_ = false;
};

int perfEventFds(pid_t pid) {
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* d = opendir(dir.c_str());
  if (!d) return -1;
  int count = 0;
  while (dirent* e = readdir(d)) {
    char target[256];
    ssize_t n = readlinkat(dirfd(d), e->d_name, target, sizeof(target) - 1);
    if (n > 0 && std::string(target, static_cast<size_t>(n)) == "anon_inode:[perf_event]") ++count;
  }
  closedir(d);
  return count;
}

// Waits until pprof-run `pid` watches at least `threads` threads: two perf fds each (the
// sampling clock and the side-band event).
bool waitAttached(pid_t pid, int threads) {
  double deadline = monotonicSeconds() + kWaitSeconds;
  while (monotonicSeconds() < deadline) {
    int n = perfEventFds(pid);
    if (n >= 2 * threads) return true;
    if (n < 0) return false;  // pprof-run is gone
    pause5ms();
  }
  return false;
}

// Waits until pprof-run `pid` has closed its perf clocks (detached) or exited.
void waitDetached(pid_t pid) {
  double deadline = monotonicSeconds() + kWaitSeconds;
  while (monotonicSeconds() < deadline && perfEventFds(pid) > 0) pause5ms();
}

struct ThreadCpu {
  std::string name;
  double cpu_ns = 0;
};

std::map<long, ThreadCpu> threadCpu(pid_t pid) {
  std::map<long, ThreadCpu> out;
  std::string dir = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    long tid = std::stol(entry.path().filename().string());
    std::ifstream sched(entry.path() / "schedstat"), comm(entry.path() / "comm");
    ThreadCpu t;
    sched >> t.cpu_ns;
    std::getline(comm, t.name);
    out[tid] = t;
  }
  return out;
}

std::vector<std::string> attachArgv(const std::string& profile, pid_t pid,
                                    const std::vector<std::string>& options) {
  std::vector<std::string> argv = {PPROF_RUN_PATH, "--pid", std::to_string(pid), "-o", profile};
  argv.insert(argv.end(), options.begin(), options.end());
  return argv;
}

const nlohmann::json* threadNamed(const nlohmann::json& stats, const std::string& name) {
  for (const nlohmann::json& t : stats.at("threads")) {
    if (t.at("name").get<std::string>() == name) return &t;
  }
  return nullptr;
}

// The program ran undisturbed: the lines it prints on "quit" say so.
void expectUndisturbed(const ProcessResult& result) {
  EXPECT_EQ(result.status, 0) << result.out;
  EXPECT_NE(result.out.find("eintr 0\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("short_sleeps 0\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("mismatches 0\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("result e69cd07a6f2d17be\ndone\n"), std::string::npos) << result.out;
}

std::string readyLine(Target& target) {
  auto line = target.readLine();
  return line ? *line : std::string("<no output>");
}

// 3 busy threads (duty 100/50/25 %) + 2 sleepers, attached for 2 s in cpu mode; a thread that
// starts after the attach and exits during it is sampled too.
TEST(AttachTest, BusyThreadsHaveTheirSharesAndTheProgramFinishesCorrectly) {
  TempDir dir;
  Target target(3, 2);
  ASSERT_EQ(readyLine(target), "ready " + std::to_string(target.pid()));
  const int threads = 6;
  std::string profile = dir.path("busy.prof");
  Child pprof(attachArgv(profile, target.pid(), {"--duration", "2"}));
  ASSERT_TRUE(waitAttached(pprof.pid(), threads)) << pprof.finish().err;
  std::map<long, ThreadCpu> before = threadCpu(target.pid());
  target.send("spawn");
  waitDetached(pprof.pid());
  std::map<long, ThreadCpu> after = threadCpu(target.pid());
  ProcessResult result = pprof.finish();
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.err.find("attached to process " + std::to_string(target.pid())), std::string::npos) << result.err;

  nlohmann::json s = stats(profile);
  EXPECT_EQ(s["meta"]["mode"], "cpu");
  EXPECT_EQ(s["meta"]["frequency_hz"].get<double>(), 199);
  EXPECT_GT(findFunction(s, "attach_busy_chunk") ? totalPercent(s, "attach_busy_burn") : 0, 90) << s["functions"].dump();

  // Shares of the three busy threads among themselves: profile samples vs scheduler CPU time.
  std::map<std::string, double> truth, sampled;
  double truth_total = 0, sampled_total = 0;
  for (const auto& [tid, t] : after) {
    if (!t.name.starts_with("busy-")) continue;
    double cpu = t.cpu_ns - (before.count(tid) ? before[tid].cpu_ns : 0);
    truth[t.name] = cpu;
    truth_total += cpu;
    const nlohmann::json* thread = threadNamed(s, t.name);
    ASSERT_NE(thread, nullptr) << t.name << " missing from " << s["threads"].dump();
    sampled[t.name] = thread->at("samples").get<double>();
    sampled_total += sampled[t.name];
  }
  ASSERT_EQ(truth.size(), 3u);
  ASSERT_GT(sampled_total, 50) << s["threads"].dump();
  for (const auto& [name, cpu] : truth) {
    double truth_pct = 100 * cpu / truth_total, sampled_pct = 100 * sampled[name] / sampled_total;
    std::printf("attach share: %-7s scheduler %5.1f%%  profile %5.1f%%\n", name.c_str(), truth_pct, sampled_pct);
    EXPECT_NEAR(sampled_pct, truth_pct, kSharePoints) << name;
  }

  // The thread that appeared (and exited) during the run.
  ASSERT_EQ(target.readLine().value_or(""), "late done");
  const nlohmann::json* late = threadNamed(s, "late-busy");
  ASSERT_NE(late, nullptr) << s["threads"].dump();
  EXPECT_GT(late->at("samples").get<double>(), 0);

  expectUndisturbed(target.quit());
}

// Threads asleep in poll, clock_nanosleep and read are never woken: no EINTR, no short sleep,
// in wall mode (which reads where they block) and in cpu mode. Wall mode shows them with their
// state and the call they block in.
TEST(AttachTest, SleepingThreadsSeeNoEintrAndWallModeShowsWhereTheyBlock) {
  TempDir dir;
  Target target(1, 4);
  ASSERT_EQ(readyLine(target), "ready " + std::to_string(target.pid()));
  const int threads = 6;
  for (const char* mode : {"wall", "cpu"}) {
    std::string profile = dir.path(std::string(mode) + ".prof");
    Child pprof(attachArgv(profile, target.pid(), {"--duration", "2", "--mode", mode}));
    ASSERT_TRUE(waitAttached(pprof.pid(), threads)) << pprof.finish().err;
    ProcessResult result = pprof.finish();
    ASSERT_EQ(result.status, 0) << result.err;
    nlohmann::json s = stats(profile);
    EXPECT_EQ(s["meta"]["mode"], mode);
    if (std::string(mode) == "wall") {
      for (const char* name : {"poll-0", "nap-1", "poll-2", "nap-3", "workload_attach"}) {
        const nlohmann::json* thread = threadNamed(s, name);
        ASSERT_NE(thread, nullptr) << name << " missing from " << s["threads"].dump();
        EXPECT_GT(thread->at("samples").get<double>(), 0) << name;
      }
      EXPECT_GT(selfPercent(s, "[off-cpu: sleeping]"), 30) << s["functions"].dump();
      EXPECT_GT(totalPercent(s, "attach_poll_wait"), 5) << s["functions"].dump();
      EXPECT_GT(totalPercent(s, "attach_nap"), 5) << s["functions"].dump();
    }
  }
  expectUndisturbed(target.quit());
}

// The program exits while attached: pprof-run says so, keeps what it sampled, exits 1.
TEST(AttachTest, ProgramExitingMidRunKeepsTheSamples) {
  TempDir dir;
  Target target(2, 0);
  ASSERT_EQ(readyLine(target), "ready " + std::to_string(target.pid()));
  std::string profile = dir.path("exits.prof");
  Child pprof(attachArgv(profile, target.pid(), {"--duration", "30"}));
  ASSERT_TRUE(waitAttached(pprof.pid(), 3)) << pprof.finish().err;
  // Let it sample a while: until the target has used another 0.3 s of CPU.
  double start_cpu = 0;
  for (const auto& [tid, t] : threadCpu(target.pid())) start_cpu += t.cpu_ns;
  for (double cpu = start_cpu; cpu - start_cpu < 0.3e9;) {
    pause5ms();
    cpu = 0;
    for (const auto& [tid, t] : threadCpu(target.pid())) cpu += t.cpu_ns;
  }
  target.send("exit");
  EXPECT_EQ(target.finish().status, 0);
  ProcessResult result = pprof.finish();
  EXPECT_EQ(result.status, 1) << result.err;
  EXPECT_NE(result.err.find("process " + std::to_string(target.pid()) + " exited after"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("samples taken are kept"), std::string::npos) << result.err;
  nlohmann::json s = stats(profile);
  EXPECT_GT(s["meta"]["samples"].get<double>(), 10);
  EXPECT_NE(threadNamed(s, "busy-0"), nullptr) << s["threads"].dump();
}

TEST(AttachTest, MissingPidIsOneClearLine) {
  TempDir dir;
  pid_t gone = fork();
  if (gone == 0) _exit(0);
  waitpid(gone, nullptr, 0);
  std::string profile = dir.path("missing.prof");
  ProcessResult result = run(attachArgv(profile, gone, {"--duration", "1"}));
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.err, "pprof-run: no such process: " + std::to_string(gone) + "\n");
  EXPECT_FALSE(std::filesystem::exists(profile));
}

// perf clocks do not exclude each other (unlike ptrace): two attaches at once both work.
TEST(AttachTest, TwoAttachesAtOnceBothProfile) {
  TempDir dir;
  Target target(2, 1);
  ASSERT_EQ(readyLine(target), "ready " + std::to_string(target.pid()));
  std::string first = dir.path("first.prof"), second = dir.path("second.prof");
  Child a(attachArgv(first, target.pid(), {"--duration", "2"}));
  Child b(attachArgv(second, target.pid(), {"--duration", "2", "--mode", "wall"}));
  ASSERT_TRUE(waitAttached(a.pid(), 4)) << a.finish().err;
  ASSERT_TRUE(waitAttached(b.pid(), 4)) << b.finish().err;
  ProcessResult ra = a.finish(), rb = b.finish();
  ASSERT_EQ(ra.status, 0) << ra.err;
  ASSERT_EQ(rb.status, 0) << rb.err;
  for (const std::string& profile : {first, second}) {
    nlohmann::json s = stats(profile);
    const nlohmann::json* busy = threadNamed(s, "busy-0");
    ASSERT_NE(busy, nullptr) << profile << ": " << s["threads"].dump();
    EXPECT_GT(busy->at("samples").get<double>(), 0);
  }
  expectUndisturbed(target.quit());
}

// Every way pprof-run can be ended leaves the program running correctly: SIGINT and SIGTERM
// end the run with a complete profile; SIGKILL loses the profile but the kernel removes the
// clocks with pprof-run's fds.
TEST(AttachTest, SignalsToPprofRunDetachCleanly) {
  TempDir dir;
  Target target(1, 2);
  ASSERT_EQ(readyLine(target), "ready " + std::to_string(target.pid()));
  for (int sig : {SIGINT, SIGTERM, SIGKILL}) {
    std::string profile = dir.path("signal" + std::to_string(sig) + ".prof");
    Child pprof(attachArgv(profile, target.pid(), {"--mode", "wall"}));
    ASSERT_TRUE(waitAttached(pprof.pid(), 4)) << pprof.finish().err;
    kill(pprof.pid(), sig);
    ProcessResult result = pprof.finish();
    if (sig == SIGKILL) {
      EXPECT_EQ(result.status, 128 + SIGKILL);
      continue;
    }
    EXPECT_EQ(result.status, 0) << strsignal(sig) << ": " << result.err;
    EXPECT_NE(result.err.find("detached from process " + std::to_string(target.pid())), std::string::npos)
        << result.err;
    nlohmann::json s = stats(profile);
    EXPECT_NE(threadNamed(s, "busy-0"), nullptr) << s["threads"].dump();
  }
  expectUndisturbed(target.quit());
}

// A ptrace tracer (strace here; gdb alike) does not keep pprof-run out: perf events are not
// ptrace. pprof-run notes the tracer and samples what runs.
TEST(AttachTest, ProcessTracedByAnotherToolIsStillProfiled) {
  const char* strace = "/usr/bin/strace";
  if (access(strace, X_OK) != 0) GTEST_SKIP() << "no " << strace;
  TempDir dir;
  Target target(1, 0);
  ASSERT_EQ(readyLine(target), "ready " + std::to_string(target.pid()));
  Child tracer({strace, "-f", "-qq", "-p", std::to_string(target.pid()), "-o", "/dev/null"});
  std::string status_path = "/proc/" + std::to_string(target.pid()) + "/status";
  bool traced = false;
  for (double deadline = monotonicSeconds() + kWaitSeconds; !traced && monotonicSeconds() < deadline; pause5ms()) {
    std::ifstream status(status_path);
    for (std::string line; std::getline(status, line);) {
      if (line.starts_with("TracerPid:") && std::stol(line.substr(10)) != 0) traced = true;
    }
  }
  ASSERT_TRUE(traced) << tracer.finish().err;
  std::string profile = dir.path("traced.prof");
  ProcessResult result = run(attachArgv(profile, target.pid(), {"--duration", "1"}));
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.err.find("is traced by strace"), std::string::npos) << result.err;
  nlohmann::json s = stats(profile);
  const nlohmann::json* busy = threadNamed(s, "busy-0");
  ASSERT_NE(busy, nullptr) << s["threads"].dump();
  EXPECT_GT(busy->at("samples").get<double>(), 0);
  kill(tracer.pid(), SIGINT);  // strace detaches cleanly on SIGINT
  tracer.finish();
  ProcessResult done = target.quit();
  EXPECT_EQ(done.status, 0) << done.out;
  EXPECT_NE(done.out.find("mismatches 0\n"), std::string::npos) << done.out;
}

// Another user's process: refused before anything is set up, with the reason and the remedy.
TEST(AttachTest, OtherUsersProcessIsNotPermitted) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to run pprof-run as another user";
  const char* setpriv = "/usr/bin/setpriv";
  if (access(setpriv, X_OK) != 0) GTEST_SKIP() << "no " << setpriv;
  Target target(1, 0);
  ASSERT_EQ(readyLine(target), "ready " + std::to_string(target.pid()));
  std::vector<std::string> argv = {setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"};
  for (const std::string& arg : attachArgv("/tmp/never-written.prof", target.pid(), {"--duration", "1"})) {
    argv.push_back(arg);
  }
  ProcessResult result = run(argv);
  EXPECT_EQ(result.status, 2) << result.err;
  EXPECT_NE(result.err.find("pprof-run: cannot attach to process " + std::to_string(target.pid()) +
                            " (workload_attach): not permitted: "),
            std::string::npos)
      << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  expectUndisturbed(target.quit());
}

}  // namespace
}  // namespace pprof::itest

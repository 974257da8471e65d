#include "attach/attach_session.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "attach/attached_process.h"
#include "attach/proc_info.h"
#include "attach/state_frames.h"
#include "attach/target_check.h"
#include "collector/host_identity.h"
#include "collector/record_pump.h"
#include "collector/run_recorder.h"
#include "collector/summary.h"
#include "collector/symbolize_pass.h"
#include "symbolize/symbolizer.h"

namespace pprof::attach {
namespace {

// Rings wake the loop when a quarter full and hold ~50 ms of samples; the timeout only
// paces the housekeeping below.
constexpr int kPollMs = 50;
constexpr uint64_t kRescanNs = 100'000'000;      // /proc/PID/task, and is the process alive
constexpr uint64_t kWallTickNs = 50'000'000;     // wall mode's off-CPU resolution
constexpr uint64_t kFlushNs = 100'000'000;
// Per-sample user stack copy: 16 KiB holds the stacks of ordinary C/C++ code from the leaf to
// `clone`/`_start` (deeper ones are flagged truncated and counted); see README.md.
constexpr uint32_t kStackBytes = 16384;

void say(const std::string& line) { std::fprintf(stderr, "pprof-run: %s\n", line.c_str()); }

std::string seconds(uint64_t ns) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f s", static_cast<double>(ns) / 1e9);
  return buffer;
}

// SIGINT/SIGTERM/SIGHUP/SIGQUIT end the run cleanly (detach, write the profile) instead of
// killing pprof-run: they are blocked and read from a signalfd by the loop.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&set_);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set_, sig);
    sigprocmask(SIG_BLOCK, &set_, &old_);
    fd_ = signalfd(-1, &set_, SFD_CLOEXEC | SFD_NONBLOCK);
    signal(SIGPIPE, SIG_IGN);  // a closed stderr must not kill us mid-profile
  }
  ~StopSignals() { release(); }
  int fd() const { return fd_; }
  // The signal that arrived, or 0.
  int take() {
    signalfd_siginfo info;
    int got = 0;
    while (fd_ >= 0 && read(fd_, &info, sizeof(info)) == static_cast<ssize_t>(sizeof(info))) {
      got = static_cast<int>(info.ssi_signo);
    }
    return got;
  }
  // After detaching: a second Ctrl-C may interrupt the symbolization as usual.
  void release() {
    if (fd_ < 0) return;
    take();
    close(fd_);
    fd_ = -1;
    sigprocmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t set_{}, old_{};
  int fd_ = -1;
};

void raiseFileLimit(size_t threads) {
  rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  // Raise to the hard limit: threads may keep appearing during the run (2 fds each).
  limit.rlim_cur = limit.rlim_max != RLIM_INFINITY
                       ? limit.rlim_max
                       : std::max<rlim_t>({limit.rlim_cur, static_cast<rlim_t>(threads) * 2 + 256, 65536});
  setrlimit(RLIMIT_NOFILE, &limit);
}

// pprof-run must keep up with the samples of every busy CPU (CPUs x rate x ~15 us), but a target
// with many busy threads in the same scheduling group leaves it a 1/(threads+1) share: with 100
// busy threads on 2 CPUs at 1999 Hz it lost a quarter of the samples (rings full). A higher
// priority, when allowed (root, CAP_SYS_NICE, RLIMIT_NICE), lets it run when it has work; the
// work it does is bounded by the sample rate, so the target loses nothing it would keep.
constexpr int kCollectorNice = -10;

// Returns the nice value to go back to once detached (symbolizing is not urgent).
int raisePriority() {
  errno = 0;
  const int current = getpriority(PRIO_PROCESS, 0);
  if (errno != 0) return 0;
  if (current > kCollectorNice) (void)setpriority(PRIO_PROCESS, 0, kCollectorNice);
  return current;
}

enum class EndReason { kDuration, kSignal, kExited };

struct LoopResult {
  EndReason reason = EndReason::kDuration;
  int signal = 0;
  uint64_t end_ns = 0;
};

// True while `target` is still the process we attached to.
bool stillRunning(const TargetInfo& target, const AttachedProcess& process) {
  auto stat = readProcStat(target.pid, 0);
  if (!stat || stat.value().start_ticks != target.start_ticks) return false;
  char state = stat.value().state;
  // A zombie leader with live threads is a process whose main thread called pthread_exit.
  return !((state == 'Z' || state == 'X') && process.liveThreads() == 0);
}

LoopResult runLoop(const collector::CliOptions& options, const TargetInfo& target,
                   AttachedProcess& process, StopSignals& signals, collector::RunRecorder& recorder,
                   uint64_t start_ns) {
  const uint64_t deadline =
      options.duration_s > 0 ? start_ns + static_cast<uint64_t>(options.duration_s * 1e9) : UINT64_MAX;
  const bool wall = options.mode == "wall";
  uint64_t last_rescan = start_ns, last_tick = start_ns, last_flush = start_ns;
  if (wall) process.wallTick(start_ns);  // baselines
  for (;;) {
    uint64_t now = collector::monotonicNowNs();
    int timeout = kPollMs;
    if (deadline != UINT64_MAX) {
      uint64_t left_ms = deadline > now ? (deadline - now + 999'999) / 1'000'000 : 0;
      timeout = static_cast<int>(std::min<uint64_t>(left_ms, kPollMs));
    }
    process.wait(signals.fd(), timeout);
    process.drain();
    now = collector::monotonicNowNs();
    if (int sig = signals.take(); sig != 0) return {EndReason::kSignal, sig, now};
    if (now >= deadline) return {EndReason::kDuration, 0, now};
    if (wall && now - last_tick >= kWallTickNs) {
      process.wallTick(now);
      last_tick = now;
    }
    if (now - last_rescan >= kRescanNs || process.liveThreads() == 0) {
      if (!process.rescan(now) || !stillRunning(target, process)) {
        return {EndReason::kExited, 0, collector::monotonicNowNs()};
      }
      last_rescan = now;
    }
    if (now - last_flush >= kFlushNs) {
      (void)recorder.flush();  // a failing writer is reported at the end
      last_flush = now;
    }
  }
}

collector::HelloRecord helloFor(const TargetInfo& target, const collector::CliOptions& options,
                                uint64_t start_mono, uint64_t start_real) {
  collector::HelloRecord hello{};
  hello.fixed.protocol_version = wire::kProtocolVersion;
  hello.fixed.pid = target.pid;
  hello.fixed.ppid = target.ppid;
  hello.fixed.hz = options.frequency_hz;
  hello.fixed.mode = options.mode == "wall" ? wire::Mode::kWall : wire::Mode::kCpu;
  hello.fixed.clock = wire::ClockKind::kPerfTaskClock;
  hello.fixed.start_monotonic_ns = start_mono;
  hello.fixed.start_realtime_ns = start_real;
  hello.exe_path = target.executable;
  hello.command = target.command;
  return hello;
}

double ownCpuSeconds() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// For scripts/bench-attach (PPROF_ATTACH_STATS=1): pprof-run's own cost while attached.
// attach_cpu_s: pprof-run's CPU time to read the modules and open the clocks; loop_cpu_s: from
// then until the last clock is closed (reading rings, unwinding, recording).
void printAttachStats(const AttachedProcess& process, uint64_t sampled_ns, double attach_cpu_s,
                      double loop_cpu_s) {
  const AttachCounters& c = process.counters();
  const UnwindStats& u = process.unwindStats();
  const double samples = static_cast<double>(std::max<uint64_t>(c.samples, 1));
  std::fprintf(stderr,
               "pprof-run: attach stats: samples=%llu idle_samples=%llu seconds=%.3f "
               "unwind_us_per_sample=%.2f frames_per_unwind=%.1f bytes_per_sample=%.0f "
               "attach_cpu_s=%.3f loop_cpu_s=%.3f loop_cpu_us_per_sample=%.1f kernel_lost=%llu throttled=%llu unwind_failed=%llu "
               "truncated=%llu threads_seen=%llu new_thread_delay_us_avg=%.0f new_thread_delay_us_max=%.0f "
               "blocked_stacks=%llu ring_pages=%u threads_unwatched=%llu no_user_regs=%llu module_refreshes=%llu\n",
               static_cast<unsigned long long>(c.samples), static_cast<unsigned long long>(c.idle_samples),
               static_cast<double>(sampled_ns) / 1e9, static_cast<double>(c.unwind_ns) / 1e3 / samples,
               u.unwinds ? static_cast<double>(u.frames) / static_cast<double>(u.unwinds) : 0.0,
               static_cast<double>(c.record_bytes) / samples, attach_cpu_s, loop_cpu_s, loop_cpu_s * 1e6 / samples,
               static_cast<unsigned long long>(c.kernel_lost), static_cast<unsigned long long>(c.throttled),
               static_cast<unsigned long long>(u.failed), static_cast<unsigned long long>(u.truncated),
               static_cast<unsigned long long>(c.threads_seen),
               c.threads_announced ? static_cast<double>(c.announce_delay_ns) / 1e3 / static_cast<double>(c.threads_announced) : 0.0,
               static_cast<double>(c.announce_delay_max_ns) / 1e3,
               static_cast<unsigned long long>(c.blocked_stacks), process.eventConfig().ring_pages,
               static_cast<unsigned long long>(c.threads_unwatched), static_cast<unsigned long long>(c.no_user_regs),
               static_cast<unsigned long long>(u.module_refreshes));
}

}  // namespace

int runAttachSession(const collector::CliOptions& options) {
  auto checked = checkTarget(options.pid, getpid());
  if (!checked) {
    say(checked.message());
    return kExitCannotAttach;
  }
  const TargetInfo& target = checked.value();
  if (!target.note.empty()) say("note: " + target.note);

  auto writer = ProfWriter::create(options.output);
  if (!writer) {
    say(collector::outputError(options.output, writer.message()));
    return kExitCannotAttach;
  }
  auto fail = [&](const std::string& message) {
    say(message);
    unlink(options.output.c_str());
    return kExitCannotAttach;
  };

  StopSignals signals;
  if (signals.fd() < 0) return fail(std::string("signalfd: ") + std::strerror(errno));
  auto threads = listThreads(target.pid);
  raiseFileLimit(threads ? threads.value().size() : 1);
  const int original_nice = raisePriority();

  const uint64_t start_mono = collector::monotonicNowNs();
  collector::RecorderConfig config;
  config.run_start_monotonic_ns = start_mono;
  config.run_start_realtime_ns = collector::realtimeNowNs();
  config.frequency_hz = options.frequency_hz;
  config.mode = options.mode;
  config.command = target.command;
  const collector::HostIdentity identity = collector::currentHostIdentity();
  config.host = identity.host;
  config.boot_id = identity.boot_id;
  collector::RunRecorder recorder(*writer.value(), config);
  if (Status s = recorder.start(); !s) return fail(collector::outputError(options.output, s.message()));
  const uint32_t connection = recorder.openConnection();
  Status record_status = recorder.onRecord(
      connection, helloFor(target, options, start_mono, config.run_start_realtime_ns));
  auto emit = [&](const collector::Record& record) {
    if (Status s = recorder.onRecord(connection, record); !s && record_status) record_status = s;
  };

  AttachedProcess::Config attach_config;
  attach_config.pid = target.pid;
  attach_config.wall = options.mode == "wall";
  attach_config.event.period_ns = 1'000'000'000ull / options.frequency_hz;
  attach_config.event.stack_bytes = kStackBytes;
  attach_config.event.ring_pages =
      ringPagesFor(kStackBytes, attach_config.event.period_ns, threads ? threads.value().size() : 1);
  int open_errno = 0;
  const double cpu_before_attach = ownCpuSeconds();
  auto attached = AttachedProcess::attach(attach_config, emit, &open_errno);
  if (!attached) {
    if (open_errno == EACCES || open_errno == EPERM) {
      return fail(explainAccessDenied(accessFacts(target.pid, target.name, open_errno)));
    }
    if (open_errno == ESRCH || (kill(target.pid, 0) != 0 && errno == ESRCH)) {
      return fail("process " + std::to_string(target.pid) + " exited before pprof-run could attach");
    }
    if (open_errno == ENOENT || open_errno == ENOSYS || open_errno == EOPNOTSUPP) {
      return fail("cannot attach to process " + std::to_string(target.pid) +
                  ": this kernel offers no perf task-clock (" + attached.message() + ")");
    }
    return fail("cannot attach to process " + std::to_string(target.pid) + ": " + attached.message());
  }
  AttachedProcess& process = *attached.value();
  const double attach_cpu_s = ownCpuSeconds() - cpu_before_attach;
  if (std::string n = tracerNote(target.pid, target.tracer_pid, readThreadName(target.tracer_pid, 0)); !n.empty()) {
    say(n);
  }
  if (std::string n = yamaNote(readSysctl("kernel/yama/ptrace_scope"), runningPrivileged(), attach_config.wall);
      !n.empty()) {
    say(n);
  }
  say("attached to process " + std::to_string(target.pid) + " (" + target.name + "), " +
      collector::withThousands(process.liveThreads()) + " thread" + (process.liveThreads() == 1 ? "" : "s") +
      ", " + options.mode + " mode @ " + std::to_string(options.frequency_hz) + " Hz, " +
      (options.duration_s > 0 ? "for " + seconds(static_cast<uint64_t>(options.duration_s * 1e9))
                              : std::string("until Ctrl-C or the process exits")));

  LoopResult end = runLoop(options, target, process, signals, recorder, start_mono);
  process.detach();
  (void)setpriority(PRIO_PROCESS, 0, original_nice);
  const double loop_cpu_s = ownCpuSeconds() - cpu_before_attach - attach_cpu_s;
  signals.release();

  const uint64_t sampled_ns = end.end_ns - start_mono;
  int exit_code = kExitAttached;
  switch (end.reason) {
    case EndReason::kDuration:
    case EndReason::kSignal:
      say("detached from process " + std::to_string(target.pid) + " after " + seconds(sampled_ns) +
          (end.reason == EndReason::kSignal ? std::string(" (") + strsignal(end.signal) + ")" : ""));
      break;
    case EndReason::kExited:
      if (options.duration_s > 0) {
        exit_code = kExitEndedEarly;
        say("process " + std::to_string(target.pid) + " exited after " + seconds(sampled_ns) +
            ", before --duration passed; the " + collector::withThousands(process.counters().samples) +
            " samples taken are kept");
      } else {
        say("process " + std::to_string(target.pid) + " exited after " + seconds(sampled_ns));
      }
      break;
  }
  if (std::getenv("PPROF_ATTACH_STATS")) printAttachStats(process, sampled_ns, attach_cpu_s, loop_cpu_s);
  if (process.counters().throttled > 0) {
    say("note: the kernel throttled the sampling clock " +
        collector::withThousands(process.counters().throttled) +
        " times (perf took too much CPU time); lower -F");
  }
  if (!process.blockedStackProblem().empty()) {
    say("note: could not read where sleeping threads block (" + process.blockedStackProblem() +
        "); their idle time shows their last on-CPU stack");
  }
  recorder.closeConnection(connection, end.end_ns, /*malformed=*/false);

  Symbolizer symbolizer;
  auto symbolized = collector::symbolizeLocations(
      recorder.modules(), recorder.locations(), *writer.value(),
      withStateFrames([&](const ModuleRef& m, const std::vector<uint64_t>& a) { return symbolizer.resolve(m, a); }));
  if (!symbolized) say("symbolization: " + symbolized.message());
  if (symbolized) recorder.countCutStacks(symbolized.value().location_end);
  if (Status s = recorder.finish(end.end_ns); !s) say(collector::outputError(options.output, s.message()));
  if (!record_status) say("internal: " + record_status.message());

  collector::RecorderCounts counts = recorder.counts();
  collector::RunSummary summary{counts.samples, counts.weight, recorder.meta().period_ns, counts.threads,
                                counts.processes, counts.lost, counts.truncated, counts.connections,
                                counts.malformed_connections, options.mode, recorder.meta().clock,
                                options.frequency_hz, options.output};
  std::fprintf(stderr, "%s\n%s\n", collector::formatSummary(summary).c_str(),
               collector::formatNextSteps(options.output).c_str());
  return exit_code;
}

}  // namespace pprof::attach

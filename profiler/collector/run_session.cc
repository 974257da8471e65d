#include "collector/run_session.h"

#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <optional>

#include "collector/launcher.h"
#include "collector/record_pump.h"
#include "collector/host_identity.h"
#include "collector/run_recorder.h"
#include "collector/signal_relay.h"
#include "collector/socket_server.h"
#include "collector/summary.h"
#include "collector/symbolize_pass.h"
#include "collector/wire_decoder.h"

extern char** environ;

namespace pprof::collector {
namespace {

constexpr int kExitCannotStart = 2;
constexpr int kPollMs = 100;                     // also the flush period

uint64_t nowNs(clockid_t clock) { return clock == CLOCK_MONOTONIC ? monotonicNowNs() : realtimeNowNs(); }

void say(const std::string& line) { std::fprintf(stderr, "pprof-run: %s\n", line.c_str()); }

int exitStatusOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return 1;
}

// Runs until the main child has exited and every connection closed (or the grace period for
// connections of surviving descendants ran out).
Result<int> runEventLoop(pid_t child, SocketServer& server, SignalRelay& signals,
                         RecordPump& pump, RunRecorder& recorder) {
  std::optional<int> exit_status;
  uint64_t child_exit_ns = 0;
  uint64_t last_flush_ns = nowNs(CLOCK_MONOTONIC);
  for (;;) {
    auto signalled = server.pollOnce(kPollMs, signals.fd(), pump);
    if (!signalled) return signalled.status();
    if (signalled.value()) {
      for (int sig : signals.readPending()) {
        if (sig == SIGTERM || sig == SIGHUP) kill(child, sig);
      }
    }
    int status;
    if (!exit_status && waitpid(child, &status, WNOHANG) == child) {
      exit_status = exitStatusOf(status);
      child_exit_ns = nowNs(CLOCK_MONOTONIC);
    }
    uint64_t now = nowNs(CLOCK_MONOTONIC);
    if (now - last_flush_ns >= kPollMs * 1'000'000ull) {
      // A failing writer (disk full) must not stop the program; it is reported at the end.
      (void)recorder.flush();
      last_flush_ns = now;
    }
    if (exit_status && recordingOver(server, pump, child_exit_ns, now)) break;
  }
  return *exit_status;  // the caller closes the connections still open
}

}  // namespace

int runSession(const CliOptions& options) {
  const std::string& program = options.command.front();
  ResolvedProgram resolved = resolveProgram(program, std::getenv("PATH"));
  if (resolved.error != 0) {
    say(execErrorMessage(program, resolved.error, resolved.searched_path));
    return exitCodeForExecError(resolved.error);
  }
  auto writer = ProfWriter::create(options.output);
  if (!writer) {
    say(outputError(options.output, writer.message()));
    return kExitCannotStart;
  }
  // From here on, a failure before the program runs must not leave a half-written profile.
  auto fail = [&](const std::string& message, int code) {
    say(message);
    unlink(options.output.c_str());
    return code;
  };
  auto sampler = findSamplerLibrary();
  if (!sampler) return fail(sampler.message(), kExitCannotStart);

  RecorderConfig config;
  config.run_start_monotonic_ns = nowNs(CLOCK_MONOTONIC);
  config.run_start_realtime_ns = nowNs(CLOCK_REALTIME);
  config.frequency_hz = options.frequency_hz;
  config.mode = options.mode;
  config.command = options.command;
  const HostIdentity identity = currentHostIdentity();
  config.host = identity.host;
  config.boot_id = identity.boot_id;
  config.regions_only = options.regions_only || regionsOnlyRequested(std::getenv(kEnvRegionsOnly));
  RunRecorder recorder(*writer.value(), config);
  if (Status s = recorder.start(); !s) return fail(outputError(options.output, s.message()), kExitCannotStart);

  std::string socket_name = randomSocketName();
  auto server = SocketServer::listen(socket_name);
  if (!server) return fail(server.message(), kExitCannotStart);
  auto signals = SignalRelay::install();
  if (!signals) return fail(signals.message(), kExitCannotStart);

  std::string sampler_config =
      samplerConfig(socket_name, options.frequency_hz, options.mode, config.regions_only, !options.no_python);
  SpawnRequest request{resolved.path, options.command,
                       childEnvironment(environ, sampler.value(), sampler_config)};
  int exec_errno = 0;
  auto child = spawnChild(request, *signals.value(), &exec_errno);
  if (!child) {
    if (exec_errno != 0) {
      return fail(execErrorMessage(program, exec_errno, false), exitCodeForExecError(exec_errno));
    }
    return fail(child.message(), kExitCannotStart);
  }

  RecordPump pump(recorder);
  auto exit_status = runEventLoop(child.value(), *server.value(), *signals.value(), pump, recorder);
  if (!exit_status) {
    say(exit_status.message() + "; profiling stopped, waiting for the program");
    int status;
    while (waitpid(child.value(), &status, 0) < 0 && errno == EINTR) {
    }
    exit_status = exitStatusOf(status);
  }
  server.value()->closeAll(pump);
  // The run's wall time ends here: symbolizing next takes a while (libpython's DWARF: 0.35 s)
  // and is the profiler's time, not the program's.
  const uint64_t run_end_ns = nowNs(CLOCK_MONOTONIC);

  Symbolizer symbolizer;
  auto symbolized = symbolizeLocations(
      recorder.modules(), recorder.locations(), *writer.value(),
      [&](const ModuleRef& m, const std::vector<uint64_t>& a) { return symbolizer.resolve(m, a); });
  if (!symbolized) say("symbolization: " + symbolized.message());
  if (symbolized) recorder.countCutStacks(symbolized.value().location_end);
  if (Status s = recorder.finish(run_end_ns); !s) {  // includes earlier write errors
    say(outputError(options.output, s.message()));
  }
  if (!pump.lastProblem().empty()) say("dropped a malformed stream: " + pump.lastProblem());

  RecorderCounts counts = recorder.counts();
  RunSummary summary{counts.samples, counts.weight, recorder.meta().period_ns, counts.threads,
                     counts.processes, counts.lost, counts.truncated, counts.connections,
                     counts.malformed_connections, options.mode, recorder.meta().clock,
                     options.frequency_hz, options.output};
  summary.python_versions = counts.python_versions;
  summary.python_samples = counts.python_samples;
  summary.python_off = options.no_python;
  for (const std::string& note : counts.python_notes) say(note);
  std::fprintf(stderr, "%s\n%s\n", formatSummary(summary).c_str(),
               formatNextSteps(options.output).c_str());
  return exit_status.value();
}

}  // namespace pprof::collector

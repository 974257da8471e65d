#include "collector/collect_session.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <charconv>
#include <cstring>

#include "collector/record_pump.h"
#include "collector/host_identity.h"
#include "collector/run_recorder.h"
#include "collector/socket_server.h"
#include "collector/symbolize_pass.h"
#include "collector/wire_decoder.h"
#include "common/file_io.h"

namespace pprof::collector {
namespace {

constexpr int kPollMs = 100;  // also the flush period

class StatusPipe {
 public:
  explicit StatusPipe(int fd) : fd_(fd) {}
  // The program may be gone (killed): a closed pipe is not our problem, SIGPIPE is ignored.
  void line(const std::string& text) const {
    std::string out = text;
    for (char& c : out) {
      if (c == '\n') c = ' ';
    }
    out += '\n';
    size_t done = 0;
    while (done < out.size()) {
      ssize_t n = write(fd_, out.data() + done, out.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }

 private:
  int fd_;
};

// Remembers the owner's connection (the first one: the program connects as soon as it reads
// "ready", and its forked children can only start recording after that) and forwards the rest.
class OwnerTracker : public ConnectionHandler {
 public:
  explicit OwnerTracker(RecordPump& pump) : pump_(pump) {}
  void onConnect(uint32_t id) override {
    if (!owner_seen_) owner_ = id, owner_seen_ = true;
    pump_.onConnect(id);
  }
  bool onData(uint32_t id, const uint8_t* data, size_t size) override { return pump_.onData(id, data, size); }
  void onClose(uint32_t id, bool dropped) override {
    if (owner_seen_ && id == owner_) {
      owner_closed_ = true;
      owner_exec_ = pump_.endedByExec(id);
    }
    pump_.onClose(id, dropped);
  }
  bool ownerClosed() const { return owner_closed_; }
  // The owner's connection closed because it exec'd: its next image connects anew.
  bool ownerExeced() const { return owner_exec_; }

 private:
  RecordPump& pump_;
  uint32_t owner_ = 0;
  bool owner_seen_ = false;
  bool owner_closed_ = false;
  bool owner_exec_ = false;
};

std::vector<std::string> commandOf(pid_t pid) {
  Result<std::string> bytes = readFile("/proc/" + std::to_string(pid) + "/cmdline");
  if (!bytes) return {};
  return splitNulSeparated(reinterpret_cast<const uint8_t*>(bytes.value().data()), bytes.value().size());
}

int openPidFd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

bool processGone(pid_t pid) { return kill(pid, 0) != 0 && errno == ESRCH; }

template <typename T>
bool parseNumber(const std::string& text, T min, T max, T& out) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value < min || value > max)
    return false;
  out = value;
  return true;
}

// Records until the owner is done (its connection closed or it died) and then until
// recordingOver() (its forked children's connections get a grace period).
Status collect(SocketServer& server, OwnerTracker& tracker, RunRecorder& recorder, pid_t owner, bool until_exit) {
  int pidfd = openPidFd(owner);
  uint64_t last_flush = monotonicNowNs();
  uint64_t owner_done_at = 0;
  Status result = Status::ok();
  for (;;) {
    auto owner_exited = server.pollOnce(kPollMs, pidfd, tracker);
    if (!owner_exited) {
      result = owner_exited.status();
      break;
    }
    uint64_t now = monotonicNowNs();
    if (now - last_flush >= kPollMs * 1'000'000ull) {
      (void)recorder.flush();  // write errors are reported by finish()
      last_flush = now;
    }
    // Following exec, the owner's first image closing for an exec is not the end; its exit
    // (Goodbye at exit, or the process gone) is. The exec'd image is a connection like a
    // child's, covered by the grace period below.
    const bool owner_closed = tracker.ownerClosed() && !(until_exit && tracker.ownerExeced());
    bool owner_done = owner_closed || owner_exited.value() || (pidfd < 0 && processGone(owner));
    if (owner_done && owner_done_at == 0) owner_done_at = now;
    if (owner_done_at == 0) continue;
    if (pidfd >= 0) {  // readable for good once the owner exited: stop polling it
      close(pidfd);
      pidfd = -1;
    }
    if (recordingOver(server, tracker, owner_done_at, now)) break;
  }
  if (pidfd >= 0) close(pidfd);
  server.closeAll(tracker);
  return result;
}

}  // namespace

Result<CollectOptions> parseCollectArgs(const std::vector<std::string>& args) {
  CollectOptions o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--regions-only" || flag == "--until-exit") {
      (flag == "--regions-only" ? o.regions_only : o.until_exit) = true;
      continue;
    }
    if (!flag.starts_with("-")) return Status::error("unexpected argument '" + flag + "'");
    if (i + 1 >= args.size()) return Status::error(flag + ": missing value");
    const std::string& value = args[++i];
    bool ok = true;
    if (flag == "--listen-fd") ok = parseNumber(value, 0, 1 << 20, o.listen_fd);
    else if (flag == "--status-fd") ok = parseNumber(value, 0, 1 << 20, o.status_fd);
    else if (flag == "--owner-pid") ok = parseNumber<pid_t>(value, 1, INT32_MAX, o.owner);
    else if (flag == "--hz") ok = parseNumber<uint32_t>(value, 1, 100000, o.frequency_hz);
    else if (flag == "-o") o.output = value, ok = !value.empty();
    else if (flag == "--mode") o.mode = value, ok = value == "cpu" || value == "wall";
    else return Status::error("unknown option '" + flag + "'");
    if (!ok) return Status::error(flag + ": bad value '" + value + "'");
  }
  if (o.listen_fd < 0 || o.status_fd < 0 || o.owner == 0 || o.output.empty())
    return Status::error("--listen-fd, --status-fd, --owner-pid and -o are required");
  return o;
}

int runCollect(const CollectOptions& options) {
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGHUP, SIG_IGN);  // a closing terminal must not cut the file short
  StatusPipe status(options.status_fd);
  auto server = SocketServer::adopt(options.listen_fd);
  if (!server) {
    status.line("error: " + server.message());
    return 2;
  }
  auto writer = ProfWriter::create(options.output);
  if (!writer) {
    status.line("error: " + outputError(options.output, writer.message()));
    return 2;
  }
  RecorderConfig config;
  config.run_start_monotonic_ns = monotonicNowNs();
  config.run_start_realtime_ns = realtimeNowNs();
  config.frequency_hz = options.frequency_hz;
  config.mode = options.mode;
  config.command = commandOf(options.owner);
  const HostIdentity identity = currentHostIdentity();
  config.host = identity.host;
  config.boot_id = identity.boot_id;
  config.producer = "pprof-collect 0.1.0";
  config.regions_only = options.regions_only;
  RunRecorder recorder(*writer.value(), config);
  if (Status s = recorder.start(); !s) {
    status.line("error: " + outputError(options.output, s.message()));
    unlink(options.output.c_str());
    return 2;
  }
  status.line("ready");

  RecordPump pump(recorder);
  OwnerTracker tracker(pump);
  if (Status s = collect(*server.value(), tracker, recorder, options.owner, options.until_exit); !s) {
    status.line("warning: " + s.message() + "; recording stopped early");
  }
  const uint64_t run_end_ns = monotonicNowNs();  // before symbolizing, the profiler's own time

  Symbolizer symbolizer;
  auto symbolized = symbolizeLocations(
      recorder.modules(), recorder.locations(), *writer.value(),
      [&](const ModuleRef& m, const std::vector<uint64_t>& a) { return symbolizer.resolve(m, a); });
  if (!symbolized) status.line("warning: symbolization: " + symbolized.message());
  if (symbolized) recorder.countCutStacks(symbolized.value().location_end);
  if (!pump.lastProblem().empty()) status.line("warning: dropped a malformed stream: " + pump.lastProblem());
  if (Status s = recorder.finish(run_end_ns); !s) {
    status.line("error: " + outputError(options.output, s.message()));
    return 1;
  }
  RecorderCounts counts = recorder.counts();
  status.line("done " + std::to_string(counts.samples) + " samples, " + std::to_string(counts.regions) +
              " regions");
  return 0;
}

}  // namespace pprof::collector

#include "wire_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "interpose_signals.h"
#include "state.h"

namespace pprof::sampler {
namespace {

constexpr size_t kCmdlineMax = 16384;

void disconnect() {
  if (g_state.sock_fd >= 0) close(g_state.sock_fd);
  g_state.sock_fd = -1;
  g_state.enabled.store(false, std::memory_order_release);
}

// Reads a whole small /proc file into `out`; returns the byte count (0 on failure).
size_t readProcFile(const char* path, char* out, size_t capacity) {
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  size_t total = 0;
  while (total < capacity) {
    const ssize_t n = read(fd, out + total, capacity - total);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    total += static_cast<size_t>(n);
  }
  close(fd);
  return total;
}

}  // namespace

bool allocateBuffer(OutBuffer* buffer, size_t capacity) {
  void* memory = mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return false;
  buffer->data = static_cast<uint8_t*>(memory);
  buffer->capacity = capacity;
  buffer->size = 0;
  return true;
}

socklen_t abstractAddress(const char* name, sockaddr_un* out) {
  memset(out, 0, sizeof(*out));
  out->sun_family = AF_UNIX;
  const size_t name_len = strnlen(name, sizeof(out->sun_path) - 1);
  memcpy(out->sun_path + 1, name, name_len);  // sun_path[0] = '\0': abstract namespace
  return static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name_len);
}

int connectCollector(const char* name) {
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_un address;
  const socklen_t length = abstractAddress(name, &address);
  int rc;
  do {
    rc = connect(fd, reinterpret_cast<sockaddr*>(&address), length);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    close(fd);
    return -1;
  }
  timeval timeout{2, 0};  // a stalled collector must not hang the program forever
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  return fd;
}

bool flushBuffer(OutBuffer* buffer) {
  size_t sent = 0;
  while (sent < buffer->size && g_state.sock_fd >= 0) {
    const ssize_t n = send(g_state.sock_fd, buffer->data + sent, buffer->size - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      disconnect();
      break;
    }
    sent += static_cast<size_t>(n);
  }
  buffer->size = 0;
  return g_state.sock_fd >= 0;
}

bool appendBytes(OutBuffer* buffer, const void* data, size_t size) {
  const uint8_t* bytes = static_cast<const uint8_t*>(data);
  while (size > 0) {
    if (buffer->room() == 0 && !flushBuffer(buffer)) return false;
    const size_t chunk = size < buffer->room() ? size : buffer->room();
    memcpy(buffer->data + buffer->size, bytes, chunk);
    buffer->size += chunk;
    bytes += chunk;
    size -= chunk;
  }
  return true;
}

void initHeader(wire::RecordHeader* header, wire::RecordType type, size_t size) {
  header->type = static_cast<uint16_t>(type);
  header->reserved = 0;
  header->size = static_cast<uint32_t>(size);
}

bool appendHello(OutBuffer* buffer) {
  static char exe[wire::kMaxPathBytes];
  static char cmdline[kCmdlineMax];
  ssize_t exe_len = readlink("/proc/self/exe", exe, sizeof(exe));
  if (exe_len < 0) exe_len = 0;
  size_t cmdline_len = readProcFile("/proc/self/cmdline", cmdline, sizeof(cmdline));
  if (cmdline_len > 0 && cmdline[cmdline_len - 1] == '\0') --cmdline_len;  // separators only
  wire::Hello hello;
  memset(&hello, 0, sizeof(hello));
  initHeader(&hello.header, wire::RecordType::kHello, sizeof(hello) + exe_len + cmdline_len);
  hello.protocol_version = wire::kProtocolVersion;
  hello.pid = g_state.pid;
  hello.ppid = getppid();
  hello.hz = g_state.config.hz;
  hello.mode = g_state.config.mode == ConfigMode::kWall ? wire::Mode::kWall : wire::Mode::kCpu;
  hello.clock = g_state.clock;
  hello.signal = samplingSignal();
  hello.exe_path_len = static_cast<uint32_t>(exe_len);
  hello.cmdline_len = static_cast<uint32_t>(cmdline_len);
  hello.start_monotonic_ns = g_state.start_monotonic_ns;
  hello.start_realtime_ns = g_state.start_realtime_ns;
  return appendBytes(buffer, &hello, sizeof(hello)) && appendBytes(buffer, exe, exe_len) &&
         appendBytes(buffer, cmdline, cmdline_len);
}

bool appendThread(OutBuffer* buffer, int32_t tid, wire::ThreadEvent event, const char* name) {
  wire::Thread record;
  memset(&record, 0, sizeof(record));
  initHeader(&record.header, wire::RecordType::kThread, sizeof(record));
  record.tid = tid;
  record.event = event;
  record.timestamp_ns = monotonicNs();
  strncpy(record.name, name, sizeof(record.name) - 1);
  return appendBytes(buffer, &record, sizeof(record));
}

bool appendLost(OutBuffer* buffer, int32_t tid, wire::LostReason reason, uint64_t count) {
  wire::Lost record;
  memset(&record, 0, sizeof(record));
  initHeader(&record.header, wire::RecordType::kLost, sizeof(record));
  record.tid = tid;
  record.reason = reason;
  record.count = count;
  return appendBytes(buffer, &record, sizeof(record));
}

bool appendGoodbye(OutBuffer* buffer, int32_t reason) {
  wire::Goodbye record;
  memset(&record, 0, sizeof(record));
  initHeader(&record.header, wire::RecordType::kGoodbye, sizeof(record));
  record.signals_handled = g_state.signals_handled.load(std::memory_order_relaxed);
  record.samples_recorded = g_state.samples_recorded.load(std::memory_order_relaxed);
  record.samples_lost = g_state.lost_reported_total;
  record.threads_seen = g_state.threads_seen.load(std::memory_order_relaxed);
  record.reason = reason;
  return appendBytes(buffer, &record, sizeof(record));
}

}  // namespace pprof::sampler

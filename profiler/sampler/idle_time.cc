#include "idle_time.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "python_sampling.h"
#include "wire/sync_wait.h"

namespace pprof::sampler {
namespace {

// Copies the thread's last stack written by its signal handler (seqlock: retried while the
// handler is writing). Returns the frame count, 0 if no consistent copy could be made.
uint16_t copyLastStack(Slot* slot, uint64_t* pcs, uint16_t* flags) {
  if (slot->last_stack == nullptr) return 0;
  for (int attempt = 0; attempt < 4; ++attempt) {
    const uint32_t before = slot->stack_seq.load(std::memory_order_acquire);
    if ((before & 1) != 0) continue;
    const uint16_t n = slot->last_nframes;
    for (uint16_t i = 0; i < n && i < wire::kMaxSampleWords; ++i) pcs[i] = slot->last_stack[i];
    *flags = slot->last_flags;
    std::atomic_thread_fence(std::memory_order_acquire);
    if (slot->stack_seq.load(std::memory_order_relaxed) == before) return n;
  }
  return 0;
}

// The system call the thread is blocked in and its first argument, from
// /proc/self/task/TID/syscall ("202 0x7f12... ..." while blocked; "running" or "-1" otherwise);
// reading it stops nothing. False when it is not blocked in one. Idle samples carry the
// thread's last on-CPU stack, so this is the only way to tell a join or a lock from sleep or
// I/O, and (its futex address) a wait for Python's GIL from other waits.
bool blockedSyscall(int32_t tid, long* number, uint64_t* arg0) {
  char path[48] = "/proc/self/task/";
  char digits[12];
  int n = 0;
  for (uint32_t v = static_cast<uint32_t>(tid); n == 0 || v != 0; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
  size_t len = 16;
  while (n > 0) path[len++] = digits[--n];
  const char suffix[] = "/syscall";
  for (size_t i = 0; i < sizeof suffix; ++i) path[len + i] = suffix[i];
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char text[64];
  const ssize_t got = read(fd, text, sizeof text - 1);
  close(fd);
  if (got <= 0 || text[0] < '0' || text[0] > '9') return false;
  ssize_t i = 0;
  *number = 0;
  for (; i < got && text[i] >= '0' && text[i] <= '9'; ++i) *number = *number * 10 + (text[i] - '0');
  *arg0 = 0;
  if (i + 3 < got && text[i] == ' ' && text[i + 1] == '0' && text[i + 2] == 'x') {
    for (i += 3; i < got; ++i) {
      const char c = text[i];
      const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) break;
      *arg0 = *arg0 << 4 | static_cast<uint64_t>(digit);
    }
  }
  return true;
}

// The thread's CPU time; false when it has no clock (cpu mode) or the clock is gone.
bool threadCpuNs(const Slot* slot, uint64_t* out) {
  timespec cpu;
  if (slot->cpu_clock == 0 || clock_gettime(slot->cpu_clock, &cpu) != 0) return false;
  *out = static_cast<uint64_t>(cpu.tv_sec) * 1000000000ull + cpu.tv_nsec;
  return true;
}

}  // namespace

void restartIdleTime(Slot* slot, uint64_t now_ns) {
  if (!threadCpuNs(slot, &slot->last_cpu_ns)) slot->last_cpu_ns = 0;
  slot->last_wall_ns = now_ns;
  slot->idle_carry_ns = 0;
}

uint64_t takeIdlePeriods(Slot* slot, uint64_t now_ns) {
  uint64_t cpu_ns = 0;
  if (!threadCpuNs(slot, &cpu_ns)) return 0;
  const uint64_t wall_delta = now_ns > slot->last_wall_ns ? now_ns - slot->last_wall_ns : 0;
  const uint64_t cpu_delta = cpu_ns > slot->last_cpu_ns ? cpu_ns - slot->last_cpu_ns : 0;
  slot->last_wall_ns = now_ns;
  slot->last_cpu_ns = cpu_ns;
  if (wall_delta > cpu_delta) slot->idle_carry_ns += wall_delta - cpu_delta;

  const uint64_t period = 1000000000ull / g_state.config.hz;
  const uint64_t periods = slot->idle_carry_ns / period;
  slot->idle_carry_ns -= periods * period;
  return periods;
}

bool idleSample(Slot* slot, uint64_t now_ns, uint64_t periods, IdleSample* out) {
  static uint64_t pcs[wire::kMaxSampleWords];
  uint16_t flags = 0;
  uint16_t n = copyLastStack(slot, pcs, &flags);
  if (n == 0 && slot->start_pc != 0) {
    pcs[0] = slot->start_pc;
    n = 1;
    flags = 0;
  }
  if (n == 0) return false;  // a thread found by the /proc scan that never ran yet
  out->header = wire::SampleHeader{};
  out->header.timestamp_ns = now_ns;
  out->header.weight = static_cast<uint32_t>(periods);
  long syscall = -1;
  uint64_t arg0 = 0;
  if (blockedSyscall(slot->tid, &syscall, &arg0) && wire::isSynchronizationWaitSyscall(syscall)) {
    flags |= wire::kSampleSyncWait;
    if (isPythonGilWait(arg0)) flags |= wire::kSampleGilWait;
  }
  out->header.flags = static_cast<uint16_t>(flags | wire::kSampleIdle);
  out->header.nframes = n;
  out->pcs = pcs;
  return true;
}

}  // namespace pprof::sampler

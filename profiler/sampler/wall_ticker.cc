// Wall-clock mode: one ticker thread at hz. A thread whose CPU clock advanced since the last
// tick and that is runnable now is signalled for a fresh stack. A thread that did not run gets a
// sample with its last known stack, flagged kSampleIdle, pushed by the ticker itself, so
// sleeping threads are neither woken nor have their syscalls interrupted (EINTR). Limitation:
// an idle sample shows where the thread last ran, not the blocking call itself (getting that
// would need a signal, i.e. the EINTR we avoid); a thread that falls asleep between the
// /proc check and the signal can still see one EINTR.
//
// The ticker and the thread's handler share the thread's SPSC ring; they never produce at the
// same time because the ticker only pushes while no signal of its own is pending
// (slot.wall_pending, cleared by the handler after its push).
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "interpose_signals.h"
#include "real_functions.h"
#include "sampler_lifecycle.h"
#include "state.h"

namespace pprof::sampler {

PPROF_REAL_FN(pthread_create)

namespace {

void signalThread(Slot& slot, uint32_t index) {
  siginfo_t info;
  memset(&info, 0, sizeof(info));
  info.si_signo = g_state.signal;
  info.si_code = SI_QUEUE;
  info.si_pid = g_state.pid;
  info.si_uid = getuid();
  info.si_value.sival_int = static_cast<int>(kWallMagic | index);
  slot.wall_pending.store(1, std::memory_order_release);
  if (syscall(SYS_rt_tgsigqueueinfo, g_state.pid, slot.tid, g_state.signal, &info) != 0) {
    slot.wall_pending.store(0, std::memory_order_release);
  }
}

void pushIdleSample(Slot& slot, uint64_t now, uint32_t weight) {
  static uint64_t pcs[wire::kMaxFrames];
  wire::SampleHeader header{};
  for (int attempt = 0; attempt < 4; ++attempt) {
    const uint32_t before = slot.stack_seq.load(std::memory_order_acquire);
    if ((before & 1) != 0) continue;
    header.nframes = slot.last_nframes;
    header.flags = slot.last_flags;
    for (uint16_t i = 0; i < header.nframes && i < wire::kMaxFrames; ++i) pcs[i] = slot.last_stack[i];
    std::atomic_thread_fence(std::memory_order_acquire);
    if (slot.stack_seq.load(std::memory_order_relaxed) == before) break;
    header.nframes = 0;
  }
  if (header.nframes == 0) return;
  header.timestamp_ns = now;
  header.weight = weight + slot.wall_weight.exchange(0, std::memory_order_relaxed);
  header.flags = static_cast<uint16_t>(header.flags | wire::kSampleIdle);
  if (slot.ring.push(header, pcs)) {
    g_state.samples_recorded.fetch_add(1, std::memory_order_relaxed);
  } else {
    slot.lost.fetch_add(1, std::memory_order_relaxed);
  }
}

// CPU time a thread must gain between ticks to count as running. Handling our own signal costs
// the thread some CPU too; without a threshold every signalled thread would look busy at the
// next tick and be signalled forever.
uint64_t runningThresholdNs() {
  const uint64_t period = 1000000000ull / g_state.config.hz;
  return period / 4 < 200000 ? period / 4 : 200000;
}

// `ticks`: periods since the previous tick (more than 1 when the ticker was starved of CPU).
// Whether the thread is on a CPU or runnable right now ('R' in /proc/self/task/TID/stat).
// Asked only when its CPU clock advanced: a thread that just went to sleep must not be
// signalled, or its nanosleep/poll/select would return EINTR.
bool isRunnable(pid_t tid) {
  char path[64];
  snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char text[512];
  const ssize_t n = read(fd, text, sizeof(text) - 1);
  close(fd);
  if (n <= 0) return false;
  text[n] = '\0';
  const char* paren = strrchr(text, ')');  // the name may contain spaces and parentheses
  return paren != nullptr && paren[1] == ' ' && paren[2] == 'R';
}

void tick(uint32_t ticks) {
  const uint64_t now = monotonicNs();
  const uint64_t threshold = runningThresholdNs();
  for (uint32_t i = 0; i < kSlotCount; ++i) {
    Slot& slot = g_state.slots[i];
    if (slot.state.load(std::memory_order_acquire) != kSlotActive) continue;
    if (slot.wall_pending.load(std::memory_order_acquire) != 0) {
      slot.wall_weight.fetch_add(ticks, std::memory_order_relaxed);  // carried by its next sample
      continue;
    }
    timespec cpu;
    if (clock_gettime(slot.cpu_clock, &cpu) != 0) continue;
    const uint64_t cpu_ns = static_cast<uint64_t>(cpu.tv_sec) * 1000000000ull + cpu.tv_nsec;
    const bool ran = cpu_ns - slot.last_cpu_ns > threshold;
    slot.last_cpu_ns = cpu_ns;
    if ((ran && isRunnable(slot.tid)) || slot.last_nframes == 0) {
      slot.wall_weight.fetch_add(ticks, std::memory_order_relaxed);
      signalThread(slot, i);
    } else {
      pushIdleSample(slot, now, ticks);
    }
  }
}

void* tickerMain(void*) {
  setSamplingSignalBlocked(true);
  prctl(PR_SET_NAME, "pprof-ticker", 0, 0, 0);
  g_state.ticker_tid.store(currentTid());
  const uint64_t period = 1000000000ull / g_state.config.hz;
  uint64_t next_ns = monotonicNs();
  for (;;) {
    next_ns += period;
    timespec next{static_cast<time_t>(next_ns / 1000000000ull), static_cast<long>(next_ns % 1000000000ull)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr) == EINTR) {
    }
    // Woken late: the missed periods are not replayed as bursts but weigh on this tick.
    const uint64_t now = monotonicNs();
    uint32_t ticks = 1;
    if (now > next_ns + period) {
      ticks += static_cast<uint32_t>((now - next_ns) / period);
      next_ns += (ticks - 1) * period;
    }
    if (g_state.enabled.load(std::memory_order_acquire)) tick(ticks);
  }
  return nullptr;
}

}  // namespace

bool startWallTicker() {
  auto create = real_pthread_create();
  if (create == nullptr) return false;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  const int rc = create(&thread, &attr, tickerMain, nullptr);
  pthread_attr_destroy(&attr);
  return rc == 0;
}

}  // namespace pprof::sampler

#include "clock.h"

#include <fcntl.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

namespace pprof::sampler {
namespace {

int openPerfClock(pid_t tid, uint64_t config, bool exclude_kernel) {
  perf_event_attr attr;
  memset(&attr, 0, sizeof(attr));
  attr.size = sizeof(attr);
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = config;
  attr.sample_period = 1000000000ull / g_state.config.hz;
  attr.disabled = 1;  // enabled once the signal routing is in place
  attr.wakeup_events = 1;
  attr.exclude_kernel = exclude_kernel ? 1 : 0;
  attr.exclude_hv = 1;
  const long fd = syscall(SYS_perf_event_open, &attr, tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
  return static_cast<int>(fd);
}

bool routeSignal(int fd, pid_t tid) {
  f_owner_ex owner;
  owner.type = F_OWNER_TID;
  owner.pid = tid;
  if (fcntl(fd, F_SETFL, O_ASYNC) != 0) return false;
  if (fcntl(fd, F_SETSIG, g_state.signal) != 0) return false;
  if (fcntl(fd, F_SETOWN_EX, &owner) != 0) return false;
  return true;
}

bool startPerf(uint32_t index, pid_t tid) {
  const int fd = openPerfClock(tid, PERF_COUNT_SW_TASK_CLOCK, g_state.perf_exclude_kernel);
  if (fd < 0) return false;
  if (static_cast<uint32_t>(fd) >= kFdTableSize || !routeSignal(fd, tid)) {
    close(fd);
    return false;
  }
  Slot& slot = g_state.slots[index];
  slot.perf_fd = fd;
  g_state.fd_to_slot[fd].store(static_cast<int32_t>(index), std::memory_order_release);
  if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) != 0) {
    g_state.fd_to_slot[fd].store(-1, std::memory_order_release);
    slot.perf_fd = -1;
    close(fd);
    return false;
  }
  return true;
}

// The CPU-time clock of any thread of this process (MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED)).
clockid_t threadCpuClock(pid_t tid) { return static_cast<clockid_t>((~tid << 3) | 4 | 2); }

bool startPosixTimer(uint32_t index, pid_t tid) {
  sigevent event;
  memset(&event, 0, sizeof(event));
  event.sigev_notify = SIGEV_THREAD_ID;
  event.sigev_signo = g_state.signal;
  event.sigev_value.sival_int = static_cast<int>(kTimerMagic | index);
  event._sigev_un._tid = tid;
  timer_t timer;
  if (timer_create(threadCpuClock(tid), &event, &timer) != 0) return false;
  const long period_ns = 1000000000L / g_state.config.hz;
  itimerspec spec;
  spec.it_interval.tv_sec = period_ns / 1000000000L;
  spec.it_interval.tv_nsec = period_ns % 1000000000L;
  spec.it_value = spec.it_interval;
  if (timer_settime(timer, 0, &spec, nullptr) != 0) {
    timer_delete(timer);
    return false;
  }
  Slot& slot = g_state.slots[index];
  slot.timer = timer;
  slot.has_timer = true;
  return true;
}

bool probePerf(uint64_t config, bool exclude_kernel) {
  const int fd = openPerfClock(currentTid(), config, exclude_kernel);
  if (fd < 0) return false;
  close(fd);
  return true;
}

}  // namespace

bool chooseClock() {
  if (g_state.config.clock != ClockChoice::kPosix) {
    for (const bool exclude_kernel : {false, true}) {
      if (probePerf(PERF_COUNT_SW_TASK_CLOCK, exclude_kernel)) {
        g_state.clock = wire::ClockKind::kPerfTaskClock;
        g_state.perf_exclude_kernel = exclude_kernel;
        return true;
      }
    }
    if (g_state.config.clock == ClockChoice::kPerf) return false;
  }
  g_state.clock = wire::ClockKind::kPosixCpuTimer;
  return true;
}

bool startThreadClock(uint32_t index, pid_t tid) {
  // Wall mode samples running threads with the same CPU clocks as cpu mode (so no signal ever
  // reaches a sleeping thread) and adds their off-CPU time from the drain thread.
  if (g_state.config.mode == ConfigMode::kWall) g_state.slots[index].cpu_clock = threadCpuClock(tid);
  switch (g_state.clock) {
    case wire::ClockKind::kPerfTaskClock:
      return startPerf(index, tid);
    case wire::ClockKind::kPosixCpuTimer:
      return startPosixTimer(index, tid);
  }
  return false;
}

void stopThreadClock(uint32_t index) {
  Slot& slot = g_state.slots[index];
  if (slot.perf_fd >= 0) {
    ioctl(slot.perf_fd, PERF_EVENT_IOC_DISABLE, 0);
    const int fd = slot.perf_fd;
    slot.perf_fd = -1;
    // Cleared first: a late tick then falls back to the thread's TLS slot, and a reused fd
    // number can never point at this slot.
    g_state.fd_to_slot[fd].store(-1, std::memory_order_release);
    close(fd);
  }
  if (slot.has_timer) {
    slot.has_timer = false;
    timer_delete(slot.timer);
  }
}

void forgetInheritedClock(uint32_t index) {
  Slot& slot = g_state.slots[index];
  if (slot.perf_fd >= 0) {
    g_state.fd_to_slot[slot.perf_fd].store(-1, std::memory_order_release);
    close(slot.perf_fd);  // the event keeps counting the parent's thread, not ours
    slot.perf_fd = -1;
  }
  slot.has_timer = false;  // POSIX timers are not inherited by fork
}

}  // namespace pprof::sampler

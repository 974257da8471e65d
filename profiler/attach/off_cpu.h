// Wall mode: how much of a thread's wall time since the last look was spent off CPU, in whole
// sampling periods, from its scheduler statistics (/proc/PID/task/TID/schedstat: time on CPU
// and time runnable but waiting for a CPU). Running time is sampled by the perf clock as in cpu
// mode; this supplies the rest without touching the thread: sleeping (or blocked in D state)
// time = wall - on CPU - waiting.
//
// Pure. Remainders carry over (signed: the kernel's on-CPU figure of a running thread lags by up
// to a tick), so the periods emitted over a run add up to the thread's real off-CPU time.
#pragma once

#include <cstdint>

namespace pprof::attach {

struct OffCpuPeriods {
  uint32_t sleeping = 0;  // asleep or blocked (S, D, ...)
  uint32_t waiting = 0;   // runnable, waiting for a CPU
};

class OffCpuClock {
 public:
  // The first reading only sets the baseline.
  OffCpuPeriods advance(uint64_t now_ns, uint64_t cpu_ns, uint64_t wait_ns, uint64_t period_ns);

 private:
  static uint32_t take(int64_t& carry, uint64_t period_ns);
  bool started_ = false;
  uint64_t last_now_ = 0, last_cpu_ = 0, last_wait_ = 0;
  int64_t sleep_carry_ = 0, wait_carry_ = 0;
};

}  // namespace pprof::attach

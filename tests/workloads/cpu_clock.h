// Small helpers shared by the workloads: CPU clocks and a "burn this much CPU" loop.
// Workloads measure their own CPU time so that tests never derive the truth from the profile.
#pragma once

#include <time.h>

#include "kernel.h"

static inline double pprof_clock_seconds(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline double pprof_thread_cpu_seconds(void) {
  return pprof_clock_seconds(CLOCK_THREAD_CPUTIME_ID);
}

static inline double pprof_process_cpu_seconds(void) {
  return pprof_clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
}

// Spins until the calling thread has used `seconds` of CPU time. The kernel runs in chunks of
// ~0.1 ms between clock reads so that the clock syscalls stay a negligible part of the work.
static inline __attribute__((always_inline)) void pprof_burn_thread_cpu(double seconds) {
  double end = pprof_thread_cpu_seconds() + seconds;
  while (pprof_thread_cpu_seconds() < end) PPROF_SPIN(50000);
}

// Small helpers shared by the workloads: CPU clocks and a "burn this much CPU" loop.
// Workloads measure their own CPU time so that tests never derive the truth from the profile.
#pragma once

#include <time.h>

#include "kernel.h"

// Defines PREFIX_leaf(iterations) (the spin) and PREFIX_recurse(depth, iterations), which calls
// itself `depth` times and then the leaf: stacks of depth + 1 frames of distinct, predictable
// names. The recursion goes through a volatile pointer with work after the call, so the compiler
// neither turns it into a loop nor makes tail calls; call PREFIX_recurse_ptr to keep it so.
#define PPROF_DEFINE_DEEP_RECURSION(PREFIX)                                                   \
  __attribute__((noinline)) void PREFIX##_leaf(uint64_t iterations) { PPROF_SPIN(iterations); } \
  __attribute__((noinline)) int PREFIX##_recurse(int depth, uint64_t iterations);             \
  static int (*volatile PREFIX##_recurse_ptr)(int, uint64_t) = PREFIX##_recurse;              \
  int PREFIX##_recurse(int depth, uint64_t iterations) {                                      \
    if (depth == 0) {                                                                         \
      PREFIX##_leaf(iterations);                                                              \
      return 0;                                                                               \
    }                                                                                         \
    int below = PREFIX##_recurse_ptr(depth - 1, iterations);                                  \
    pprof_sink = pprof_sink + (uint64_t)below;                                                \
    return below + 1;                                                                         \
  }

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

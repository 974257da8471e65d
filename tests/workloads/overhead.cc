// Overhead benchmark workload (scripts/bench-overhead): two threads each do a fixed amount of
// kernel work at the bottom of a 60-deep recursion, built -O2 without frame pointers, so every
// sample has to unwind ~65 frames with DWARF CFI. Fixed work, not fixed time: the wall time of
// a run is what the benchmark compares.
//
// Usage: overhead [UNITS [RESULT_FILE]]
//   Each thread runs UNITS chunks of 1M kernel iterations. RESULT_FILE gets
//   "wall SECONDS cpu SECONDS": main's wall time and the process CPU time, measured inside the
//   program, so the benchmark can tell the program's slowdown from a profiler's start/finish.
#include <pthread.h>

#include <cstdio>
#include <cstdlib>

#include "cpu_clock.h"

extern "C" {

__attribute__((noinline)) void overhead_leaf(uint64_t iterations) { PPROF_SPIN(iterations); }

__attribute__((noinline)) int overhead_recurse(int depth, uint64_t iterations);
// Through a volatile pointer, with work after the call: no loop conversion, no tail calls.
static int (*volatile g_overhead_recurse)(int, uint64_t) = overhead_recurse;

int overhead_recurse(int depth, uint64_t iterations) {
  if (depth == 0) {
    overhead_leaf(iterations);
    return 0;
  }
  int below = g_overhead_recurse(depth - 1, iterations);
  pprof_sink = pprof_sink + static_cast<uint64_t>(below);
  return below + 1;
}

}  // extern "C"

namespace {

constexpr int kDepth = 59;  // plus the leaf: 60 frames above the thread's entry
constexpr uint64_t kIterationsPerUnit = 1'000'000;
long g_units = 1500;

void* threadMain(void*) {
  for (long unit = 0; unit < g_units; ++unit) g_overhead_recurse(kDepth, kIterationsPerUnit);
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  double start = pprof_clock_seconds(CLOCK_MONOTONIC);
  if (argc > 1) g_units = std::atol(argv[1]);
  pthread_t second;
  pthread_create(&second, nullptr, threadMain, nullptr);
  threadMain(nullptr);
  pthread_join(second, nullptr);
  if (argc > 2) {
    FILE* out = std::fopen(argv[2], "w");
    if (!out) return 1;
    std::fprintf(out, "wall %.6f cpu %.6f\n", pprof_clock_seconds(CLOCK_MONOTONIC) - start,
                 pprof_process_cpu_seconds());
    std::fclose(out);
  }
  return 0;
}

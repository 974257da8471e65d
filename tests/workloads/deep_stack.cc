// Unwinding completeness: main calls a 60-deep recursion built -O2 without frame pointers, and
// the leaf burns SECONDS of CPU on the main thread only. If every sample's stack reaches main,
// main's total is ~100% of the samples and no stack is reported truncated.
//
// Usage: deep_stack [SECONDS]
#include <cstdlib>

#include "cpu_clock.h"

extern "C" {

__attribute__((noinline)) void deep_leaf(double seconds) { pprof_burn_thread_cpu(seconds); }

__attribute__((noinline)) int deep_recurse(int depth, double seconds);
// Through a volatile pointer, with work after the call: no loop conversion, no tail calls.
static int (*volatile g_deep_recurse)(int, double) = deep_recurse;

int deep_recurse(int depth, double seconds) {
  if (depth == 0) {
    deep_leaf(seconds);
    return 0;
  }
  int below = g_deep_recurse(depth - 1, seconds);
  pprof_sink = pprof_sink + static_cast<uint64_t>(below);
  return below + 1;
}

}  // extern "C"

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  return g_deep_recurse(59, seconds) == 59 ? 0 : 1;  // 60 frames of deep_recurse
}

// The library dlopen_loop loads and unloads in a loop: a little kernel work per call.
#include "kernel.h"

extern "C" __attribute__((noinline, visibility("default"))) void loop_lib_work(uint64_t iterations) {
  PPROF_SPIN(iterations);
}

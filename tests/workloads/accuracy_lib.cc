// The accuracy workload's plugin: loaded with dlopen at run time, it runs the same kernel.
#include "kernel.h"

extern "C" __attribute__((noinline, visibility("default"))) void acc_library_work(uint64_t iterations) {
  PPROF_SPIN(iterations);
}

// A tiny library that the sampler_workload "dlopen" scenario opens and closes in a loop.
#include <time.h>

namespace {
volatile unsigned long g_plugin_sink;

double threadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}
}  // namespace

extern "C" __attribute__((visibility("default"))) void sampler_test_plugin_spin(double seconds) {
  const double start = threadCpuSeconds();
  while (threadCpuSeconds() - start < seconds) {
    for (int i = 0; i < 1000; ++i) g_plugin_sink = g_plugin_sink + static_cast<unsigned long>(i);
  }
}

// dlopen/dlclose stress: two threads load a library, call into it and unload it, in a tight
// loop for SECONDS of wall time. Under a sampler this is where signals land inside the dynamic
// loader (its lock held): a profiler that calls the loader from its handler deadlocks here.
//
// Usage: dlopen_loop LIBRARY_PATH SECONDS
// Prints "cycles N" (total load/unload cycles) on success.
#include <dlfcn.h>
#include <pthread.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "cpu_clock.h"

namespace {

const char* g_library = nullptr;
double g_deadline = 0;
std::atomic<long> g_cycles{0};
std::atomic<bool> g_failed{false};

void* loopMain(void*) {
  while (pprof_clock_seconds(CLOCK_MONOTONIC) < g_deadline && !g_failed) {
    void* handle = dlopen(g_library, RTLD_NOW | RTLD_LOCAL);
    auto work = handle ? reinterpret_cast<void (*)(uint64_t)>(dlsym(handle, "loop_lib_work")) : nullptr;
    if (!work) {
      std::fprintf(stderr, "dlopen_loop: %s\n", dlerror());
      g_failed = true;
      break;
    }
    work(20000);
    dlclose(handle);
    ++g_cycles;
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: dlopen_loop LIBRARY_PATH SECONDS\n");
    return 2;
  }
  g_library = argv[1];
  g_deadline = pprof_clock_seconds(CLOCK_MONOTONIC) + std::atof(argv[2]);
  pthread_t other;
  pthread_create(&other, nullptr, loopMain, nullptr);
  loopMain(nullptr);
  pthread_join(other, nullptr);
  std::printf("cycles %ld\n", g_cycles.load());
  return g_failed ? 1 : 0;
}

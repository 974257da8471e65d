// Benchmark workload for scripts/bench-attach: THREADS threads share a fixed amount of work,
// each unit done at the bottom of a DEPTH-deep recursion (-O2, no frame pointers: unwinding
// needs DWARF CFI), so the wall time of the work is what a profiler attached to it slows down.
//
// Usage: attach_bench THREADS UNITS DEPTH
//   Starts the threads (parked at a barrier), prints "ready PID", waits for one line on stdin
//   (so a profiler can attach to every thread first), then every thread runs UNITS/THREADS units of 1M kernel iterations and the program prints
//   "wall SECONDS cpu SECONDS" (the work's wall time and the process CPU time) and exits 0.
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "cpu_clock.h"

extern "C" {

PPROF_DEFINE_DEEP_RECURSION(attach_bench)

}  // extern "C"

namespace {

long g_units_per_thread = 0;
int g_depth = 30;
pthread_barrier_t g_go;

void* threadMain(void* arg) {
  std::string name = "bench-" + std::to_string(reinterpret_cast<long>(arg));
  pthread_setname_np(pthread_self(), name.c_str());
  pthread_barrier_wait(&g_go);
  for (long unit = 0; unit < g_units_per_thread; ++unit) attach_bench_recurse_ptr(g_depth, 1'000'000);
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: attach_bench THREADS UNITS DEPTH\n");
    return 2;
  }
  const long threads = std::atol(argv[1]);
  g_units_per_thread = std::max(1L, std::atol(argv[2]) / threads);
  g_depth = std::atoi(argv[3]);
  pthread_barrier_init(&g_go, nullptr, static_cast<unsigned>(threads + 1));
  std::vector<pthread_t> handles(static_cast<size_t>(threads));
  for (long i = 0; i < threads; ++i) pthread_create(&handles[i], nullptr, threadMain, reinterpret_cast<void*>(i));
  std::printf("ready %d\n", getpid());
  std::fflush(stdout);
  char line[64];
  if (!std::fgets(line, sizeof(line), stdin)) return 1;
  double start = pprof_clock_seconds(CLOCK_MONOTONIC);
  double cpu_start = pprof_process_cpu_seconds();
  pthread_barrier_wait(&g_go);
  for (pthread_t h : handles) pthread_join(h, nullptr);
  std::printf("wall %.6f cpu %.6f\n", pprof_clock_seconds(CLOCK_MONOTONIC) - start,
              pprof_process_cpu_seconds() - cpu_start);
  return 0;
}

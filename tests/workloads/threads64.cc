// Short-lived threads: ROUNDS times, create THREADS threads that each burn BURN_MS of their own
// CPU time, then join them all. A sampler that only arms clocks for threads it saw at start, or
// that loses a thread's samples when it exits, misses most of this program.
//
// Usage: threads64 ROUNDS THREADS BURN_MS
// Prints "tid TID" for every thread that ran, then "threads N".
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "cpu_clock.h"

extern "C" __attribute__((noinline)) void short_thread_work(double seconds) {
  pprof_burn_thread_cpu(seconds);
}

namespace {

double g_burn_seconds = 0;

void* threadMain(void* tid_out) {
  *static_cast<pid_t*>(tid_out) = gettid();
  short_thread_work(g_burn_seconds);
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: threads64 ROUNDS THREADS BURN_MS\n");
    return 2;
  }
  int rounds = std::atoi(argv[1]);
  int threads = std::atoi(argv[2]);
  g_burn_seconds = std::atof(argv[3]) / 1000.0;
  std::vector<pid_t> tids(static_cast<size_t>(rounds) * threads);
  std::vector<pthread_t> handles(threads);
  for (int round = 0; round < rounds; ++round) {
    for (int i = 0; i < threads; ++i) {
      if (pthread_create(&handles[i], nullptr, threadMain, &tids[round * threads + i]) != 0) {
        std::perror("threads64: pthread_create");
        return 1;
      }
    }
    for (pthread_t handle : handles) pthread_join(handle, nullptr);
  }
  for (pid_t tid : tids) std::printf("tid %d\n", tid);
  std::printf("threads %zu\n", tids.size());
  return 0;
}

// Delivered-rate workload: THREADS worker threads each burn SECONDS of their own CPU time.
//
// Usage: rate SECONDS THREADS CPU_FILE
// Writes to CPU_FILE, measured by the workload itself (never from the profile):
//   process CPU_SECONDS          (CLOCK_PROCESS_CPUTIME_ID at the end: all threads)
//   thread TID CPU_SECONDS       (CLOCK_THREAD_CPUTIME_ID of each worker when it finishes)
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "cpu_clock.h"

namespace {

struct Worker {
  pthread_t thread{};
  pid_t tid = 0;
  double seconds = 0;
  double cpu_seconds = 0;
};

}  // namespace

extern "C" __attribute__((noinline)) void rate_burn(double seconds) {
  pprof_burn_thread_cpu(seconds);
}

static void* workerMain(void* arg) {
  auto* worker = static_cast<Worker*>(arg);
  worker->tid = gettid();
  rate_burn(worker->seconds);
  worker->cpu_seconds = pprof_thread_cpu_seconds();
  return nullptr;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: rate SECONDS THREADS CPU_FILE\n");
    return 2;
  }
  double seconds = std::atof(argv[1]);
  int thread_count = std::atoi(argv[2]);
  std::vector<Worker> workers(thread_count);
  for (Worker& worker : workers) {
    worker.seconds = seconds;
    pthread_create(&worker.thread, nullptr, workerMain, &worker);
  }
  for (Worker& worker : workers) pthread_join(worker.thread, nullptr);

  FILE* out = std::fopen(argv[3], "w");
  if (!out) {
    std::perror(argv[3]);
    return 1;
  }
  std::fprintf(out, "process %.6f\n", pprof_process_cpu_seconds());
  for (const Worker& worker : workers) std::fprintf(out, "thread %d %.6f\n", worker.tid, worker.cpu_seconds);
  return std::fclose(out) == 0 ? 0 : 1;
}

// Deep-stack case of the overhead benchmark (scripts/bench-overhead --case deep): two threads
// each do a fixed amount of kernel work at the bottom of a DEPTH-deep recursion (default 60),
// built -O2 without frame pointers, so every sample unwinds DEPTH+~5 frames with DWARF CFI.
// Like overhead.cc, but the depth is a parameter (to see how the sampler's cost grows with it)
// and, just before it exits, the program reads every thread's CPU time from
// /proc/self/task/*/stat, so that the CPU of the sampler's own drain thread (named
// "pprof-drain") can be told from the program's.
//
// Usage: overhead_deep [UNITS [RESULT_FILE [DEPTH]]]
//   Each thread runs UNITS chunks of 1M kernel iterations. RESULT_FILE gets one line
//   "wall S cpu S drain_cpu S other_cpu S threads N": main's wall time, the process CPU time
//   (CLOCK_PROCESS_CPUTIME_ID), the CPU time of the thread named pprof-drain (0 if none), the
//   CPU time of the other live threads but main (the second worker has been joined), and the
//   number of live threads. Per-thread CPU comes from /proc/self/task/TID/schedstat (ns).
#include <dirent.h>
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cpu_clock.h"

extern "C" {

PPROF_DEFINE_DEEP_RECURSION(overhead_deep)

}  // extern "C"

namespace {

constexpr uint64_t kIterationsPerUnit = 1'000'000;
long g_units = 1500;
int g_depth = 59;  // plus the leaf: 60 frames above the thread's entry
pid_t g_worker_tids[2];

void* threadMain(void* arg) {
  g_worker_tids[arg == nullptr ? 0 : 1] = static_cast<pid_t>(gettid());
  for (long unit = 0; unit < g_units; ++unit) overhead_deep_recurse_ptr(g_depth, kIterationsPerUnit);
  return nullptr;
}

struct TaskCpu {
  double drain = 0;
  double other = 0;
  int threads = 0;
};

bool readSmallFile(const char* path, char* text, size_t size) {
  FILE* f = std::fopen(path, "r");
  if (f == nullptr) return false;
  const size_t n = std::fread(text, 1, size - 1, f);
  std::fclose(f);
  text[n] = '\0';
  return n > 0;
}

// Each live thread's CPU time: the first field of /proc/self/task/TID/schedstat (time spent on
// a CPU, in ns: the scheduler's sum_exec_runtime, not the 10 ms ticks of .../stat), its name
// from .../comm.
TaskCpu readTaskCpu() {
  TaskCpu result;
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return result;
  while (dirent* entry = readdir(dir)) {
    const pid_t tid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (tid <= 0) continue;
    char path[64];
    char text[256];
    std::snprintf(path, sizeof(path), "/proc/self/task/%d/schedstat", tid);
    if (!readSmallFile(path, text, sizeof(text))) continue;
    const double cpu = static_cast<double>(std::strtoull(text, nullptr, 10)) / 1e9;
    std::snprintf(path, sizeof(path), "/proc/self/task/%d/comm", tid);
    if (!readSmallFile(path, text, sizeof(text))) text[0] = '\0';
    ++result.threads;
    if (std::strcmp(text, "pprof-drain\n") == 0) {
      result.drain += cpu;
    } else if (tid != g_worker_tids[0] && tid != g_worker_tids[1]) {
      result.other += cpu;
    }
  }
  closedir(dir);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  double start = pprof_clock_seconds(CLOCK_MONOTONIC);
  if (argc > 1) g_units = std::atol(argv[1]);
  if (argc > 3) g_depth = std::atoi(argv[3]) - 1;
  if (g_depth < 0) g_depth = 0;
  pthread_t second;
  pthread_create(&second, nullptr, threadMain, reinterpret_cast<void*>(1));
  threadMain(nullptr);
  pthread_join(second, nullptr);
  const double wall = pprof_clock_seconds(CLOCK_MONOTONIC) - start;
  const double cpu = pprof_process_cpu_seconds();
  const TaskCpu tasks = readTaskCpu();
  if (argc > 2) {
    FILE* out = std::fopen(argv[2], "w");
    if (!out) return 1;
    std::fprintf(out, "wall %.6f cpu %.6f drain_cpu %.6f other_cpu %.6f threads %d\n", wall, cpu,
                 tasks.drain, tasks.other, tasks.threads);
    std::fclose(out);
  }
  return 0;
}

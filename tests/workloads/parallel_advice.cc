// Workloads built to judge the parallelism advisor (tests/integration/advice_test.cc). Every
// variant does a fixed amount of work, so a serial and a parallel variant can be timed against
// each other, and prints the wall time of its phases to stderr ("phase NAME SECONDS") so the test
// knows the true serial fraction without reading the profile.
//
//   parallel_advice cpu-serial      load (serial), loop over 8 independent partitions (serial),
//                                   reduction on two threads (already parallel, more CPU than
//                                   the loop)
//   parallel_advice cpu-parallel    the same, with the loop's partitions on two threads
//   parallel_advice procs-serial    load, then the partitions in the parent, then a reduction in
//                                   two child processes while the parent waits
//   parallel_advice procs-parallel  the same, with the partitions in two child processes
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "cpu_clock.h"


namespace {

constexpr uint64_t kUnit = 1000000;  // iterations; about a millisecond here
constexpr int kPartitions = 8;
constexpr uint64_t kLoadUnits = 100, kPartitionUnits = 30, kReduceUnits = 150;

double now() { return pprof_clock_seconds(CLOCK_MONOTONIC); }

__attribute__((noinline)) void loadInput() { PPROF_SPIN(kLoadUnits * kUnit); }

__attribute__((noinline)) void crunchPartition(int) { PPROF_SPIN(kPartitionUnits * kUnit); }

__attribute__((noinline)) void partitionLoop(int first, int step) {
  for (int p = first; p < kPartitions; p += step) crunchPartition(p);
}

__attribute__((noinline)) void reducePart() { PPROF_SPIN(kReduceUnits * kUnit); }

void onThreads(int count, void (*body)(int, int)) {
  std::vector<std::thread> threads;
  for (int t = 0; t < count; ++t) threads.emplace_back(body, t, count);
  for (auto& t : threads) t.join();
}

void onProcesses(int count, void (*body)(int, int)) {
  std::vector<pid_t> children;
  for (int c = 0; c < count; ++c) {
    const pid_t pid = fork();
    if (pid == 0) {
      body(c, count);
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) waitpid(pid, nullptr, 0);
}

void phase(const char* name, double start) { std::fprintf(stderr, "phase %s %.4f\n", name, now() - start); }

}  // namespace

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "";
  const bool threads = std::strncmp(mode, "cpu-", 4) == 0, procs = std::strncmp(mode, "procs-", 6) == 0;
  const bool parallel = std::strstr(mode, "-parallel") != nullptr;
  if ((!threads && !procs) || (!parallel && !std::strstr(mode, "-serial"))) {
    std::fprintf(stderr, "usage: parallel_advice cpu-serial|cpu-parallel|procs-serial|procs-parallel\n");
    return 2;
  }
  auto fanOut = threads ? onThreads : onProcesses;
  const double start = now();
  double t = now();
  loadInput();
  phase("load", t);
  t = now();
  if (parallel) fanOut(2, partitionLoop);
  else partitionLoop(0, 1);
  phase("loop", t);
  t = now();
  fanOut(2, [](int, int) { reducePart(); });
  phase("reduce", t);
  phase("total", start);
  std::printf("done %s\n", mode);
  return 0;
}

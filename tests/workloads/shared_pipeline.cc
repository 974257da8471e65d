// The shared-helper pipeline, a judged workload of the parallelism advisor
// (tests/integration/advice_test.cc): every phase calls the same always-inline kernel, so the
// kernel is the hottest function of the run and has the most serial time, yet it is no place to
// parallelize: its serial time belongs to the callers that run it serially.
//
//   shared_pipeline serial     load_input (serial), process_partitions: analyze_partition for 8
//                              independent partitions one after another (serial, the part worth
//                              parallelizing), then reduce_part on two threads (already parallel,
//                              more CPU than the partition loop)
//   shared_pipeline parallel   the same, with the 8 partitions on two threads
//
// Fixed work in every variant, so the two can be timed against each other. Prints the wall time
// of its phases to stderr ("phase NAME SECONDS").
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "cpu_clock.h"

namespace {

constexpr uint64_t kUnit = 500000;  // iterations; about 1.3 ms here
constexpr int kPartitions = 8;
// kernel (all phases): 250 + 8 * 100 + 2 * 450 = 1950 units of CPU, 1050 of them serial, against
// process_partitions' 800 serial units; the reduction's 900 units of CPU exceed the loop's 800.
constexpr uint64_t kLoadUnits = 250, kPartitionUnits = 100, kReduceUnits = 450;

double now() { return pprof_clock_seconds(CLOCK_MONOTONIC); }

// The helper every phase calls: an inline frame under each caller in the profile.
static inline __attribute__((always_inline)) void kernel(uint64_t units) { PPROF_SPIN(units * kUnit); }

__attribute__((noinline)) void load_input() { kernel(kLoadUnits); }

__attribute__((noinline)) void analyze_partition(int partition) {
  pprof_sink = pprof_sink + (uint64_t)partition;  // the partition's own seed
  kernel(kPartitionUnits);
}

// Partitions first, first + step, ...: all of them on one thread (0, 1), or one share per thread.
__attribute__((noinline)) void process_partitions(int first, int step) {
  for (int p = first; p < kPartitions; p += step) analyze_partition(p);
}

__attribute__((noinline)) void reduce_part() { kernel(kReduceUnits); }

void phase(const char* name, double start) { std::fprintf(stderr, "phase %s %.4f\n", name, now() - start); }

}  // namespace

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "";
  const bool parallel = std::strcmp(mode, "parallel") == 0;
  if (!parallel && std::strcmp(mode, "serial") != 0) {
    std::fprintf(stderr, "usage: shared_pipeline serial|parallel\n");
    return 2;
  }
  const double start = now();
  double t = now();
  load_input();
  phase("load", t);
  t = now();
  if (parallel) {
    std::vector<std::thread> workers;
    for (int w = 0; w < 2; ++w) workers.emplace_back(process_partitions, w, 2);
    for (auto& w : workers) w.join();
  } else {
    process_partitions(0, 1);
  }
  phase("loop", t);
  t = now();
  {
    std::vector<std::thread> workers;
    for (int w = 0; w < 2; ++w) workers.emplace_back(reduce_part);
    for (auto& w : workers) w.join();
  }
  phase("reduce", t);
  phase("total", start);
  std::printf("done %s\n", mode);
  return 0;
}

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
//   parallel_advice wait-serial     (wall mode) load, then 8 requests one after the other, each a
//                                   little parsing and 80 ms of waiting (sleep, like I/O); an
//                                   idle pool thread blocks on a condition variable throughout
//   parallel_advice wait-parallel   the same, with the requests on two threads
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
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

__attribute__((noinline)) void fetchOne(int) {
  PPROF_SPIN(5 * kUnit);  // parse the answer
  usleep(80000);          // wait for it
}

__attribute__((noinline)) void fetchLoop(int first, int step) {
  for (int request = first; request < kPartitions; request += step) fetchOne(request);
}

// A pool thread with nothing to do: blocked on a condition variable, it is no one's work.
class IdleHelper {
 public:
  IdleHelper() : thread_([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [this] { return done_; });
  }) {}
  ~IdleHelper() {
    { std::lock_guard<std::mutex> lock(mutex_); done_ = true; }
    wake_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

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
  const bool waits = std::strncmp(mode, "wait-", 5) == 0;
  const bool parallel = std::strstr(mode, "-parallel") != nullptr;
  if ((!threads && !procs && !waits) || (!parallel && !std::strstr(mode, "-serial"))) {
    std::fprintf(stderr, "usage: parallel_advice {cpu,procs,wait}-{serial,parallel}\n");
    return 2;
  }
  std::optional<IdleHelper> idle;  // wait-*: an idle pool thread, blocked all along
  if (waits) idle.emplace();
  auto fanOut = threads ? onThreads : onProcesses;
  const double start = now();
  double t = now();
  loadInput();
  phase("load", t);
  t = now();
  if (waits) {
    if (parallel) onThreads(2, fetchLoop);
    else fetchLoop(0, 1);
    phase("fetch", t);
  } else {
    if (parallel) fanOut(2, partitionLoop);
    else partitionLoop(0, 1);
    phase("loop", t);
    t = now();
    fanOut(2, [](int, int) { reducePart(); });
    phase("reduce", t);
  }
  phase("total", start);
  std::printf("done %s\n", mode);
  return 0;
}

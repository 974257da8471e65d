// Accuracy workload: a CPU split known by construction.
//
// The same kernel (PPROF_SPIN) runs for a known number of units in six distinct noinline
// functions, one after the other (never concurrently, so each phase's share of CPU is its share
// of the units): on the main thread, on a worker thread, in a dlopen'ed library, at the bottom of
// a 40-deep recursion, in a forked child, and as an always_inline kernel (an inline frame).
//
// Usage: accuracy LIBRARY_PATH [SCALE]
// Prints one "truth NAME SHARE" line per function (share of all work, 0..1) and one
// "phase NAME cpu SECONDS" line with the thread CPU time each phase really took, so a test can
// tell a profiler error from a machine that ran some phases slower.
#include <dlfcn.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <initializer_list>

#include "kernel.h"

namespace {

constexpr uint64_t kIterationsPerUnit = 1'500'000;
constexpr int kRecursionDepth = 40;

struct Phase {
  const char* name;
  uint64_t units;
};
// The truth: shares of all work. Sum is 1000 units.
constexpr Phase kMain{"acc_main_thread", 300};
constexpr Phase kWorker{"acc_worker_thread", 200};
constexpr Phase kLibrary{"acc_library_work", 150};
constexpr Phase kRecursion{"acc_recursion_leaf", 150};
constexpr Phase kChild{"acc_child_process", 100};
constexpr Phase kInline{"pprof_spin_inline", 100};  // inline frame under acc_inline_caller
constexpr uint64_t kTotalUnits = 1000;

double g_scale = 1.0;

uint64_t iterationsOf(const Phase& phase) {
  return static_cast<uint64_t>(phase.units * kIterationsPerUnit * g_scale);
}

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

void reportPhase(const Phase& phase, double cpu_seconds) {
  std::printf("phase %s cpu %.4f\n", phase.name, cpu_seconds);
  std::fflush(stdout);
}

}  // namespace

extern "C" {

__attribute__((noinline)) void acc_main_thread(uint64_t iterations) { PPROF_SPIN(iterations); }

__attribute__((noinline)) void acc_worker_thread(uint64_t iterations) { PPROF_SPIN(iterations); }

__attribute__((noinline)) void acc_recursion_leaf(uint64_t iterations) { PPROF_SPIN(iterations); }

__attribute__((noinline)) void acc_child_process(uint64_t iterations) { PPROF_SPIN(iterations); }

__attribute__((noinline)) void acc_inline_caller(uint64_t iterations) {
  pprof_spin_inline(iterations);
}

// Called through a volatile pointer and followed by a store so that the compiler can neither
// turn the recursion into a loop nor make the call a tail call: all 40 frames stay on the stack.
__attribute__((noinline)) int acc_recurse(int depth, uint64_t iterations);
static int (*volatile g_recurse)(int, uint64_t) = acc_recurse;

int acc_recurse(int depth, uint64_t iterations) {
  if (depth == 0) {
    acc_recursion_leaf(iterations);
    return 0;
  }
  int below = g_recurse(depth - 1, iterations);
  pprof_sink = pprof_sink + static_cast<uint64_t>(below);
  return below + 1;
}

}  // extern "C"

namespace {

void* workerMain(void*) {
  double start = threadCpuSeconds();
  acc_worker_thread(iterationsOf(kWorker));
  reportPhase(kWorker, threadCpuSeconds() - start);
  return nullptr;
}

int runLibraryPhase(const char* library_path) {
  void* handle = dlopen(library_path, RTLD_NOW);
  if (!handle) {
    std::fprintf(stderr, "accuracy: dlopen %s: %s\n", library_path, dlerror());
    return 1;
  }
  auto work = reinterpret_cast<void (*)(uint64_t)>(dlsym(handle, kLibrary.name));
  if (!work) {
    std::fprintf(stderr, "accuracy: dlsym %s: %s\n", kLibrary.name, dlerror());
    return 1;
  }
  double start = threadCpuSeconds();
  work(iterationsOf(kLibrary));
  reportPhase(kLibrary, threadCpuSeconds() - start);
  return 0;  // the library stays loaded, as a plugin would
}

int runChildPhase() {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("accuracy: fork");
    return 1;
  }
  if (pid == 0) {
    double start = threadCpuSeconds();
    acc_child_process(iterationsOf(kChild));
    reportPhase(kChild, threadCpuSeconds() - start);
    std::exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: accuracy LIBRARY_PATH [SCALE]\n");
    return 2;
  }
  if (argc > 2) g_scale = std::atof(argv[2]);
  for (const Phase* phase : {&kMain, &kWorker, &kLibrary, &kRecursion, &kChild, &kInline}) {
    std::printf("truth %s %.4f\n", phase->name, double(phase->units) / kTotalUnits);
  }

  double start = threadCpuSeconds();
  acc_main_thread(iterationsOf(kMain));
  reportPhase(kMain, threadCpuSeconds() - start);

  pthread_t worker;
  pthread_create(&worker, nullptr, workerMain, nullptr);
  pthread_join(worker, nullptr);

  if (runLibraryPhase(argv[1]) != 0) return 1;

  start = threadCpuSeconds();
  g_recurse(kRecursionDepth, iterationsOf(kRecursion));
  reportPhase(kRecursion, threadCpuSeconds() - start);

  if (runChildPhase() != 0) return 1;

  start = threadCpuSeconds();
  acc_inline_caller(iterationsOf(kInline));
  reportPhase(kInline, threadCpuSeconds() - start);
  return 0;
}

// Workload for the sampler end-to-end test (sampler_e2e_test.cc): small CPU-bound scenarios
// that exercise threads, fork, _exit, exec, a program's own SIGPROF timer and dlopen loops.
// Prints a fixed line per scenario and exits with a fixed status, so the test can check that
// the sampler changes neither.
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "fault_scenarios.h"

namespace {

volatile unsigned long g_sink;
volatile sig_atomic_t g_sigprof_count;

double threadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

__attribute__((noinline)) void workloadLeaf() {
  for (int i = 0; i < 2000; ++i) g_sink = g_sink + static_cast<unsigned long>(i) * i;
}

__attribute__((noinline)) void workloadSpin(double cpu_seconds) {
  const double start = threadCpuSeconds();
  while (threadCpuSeconds() - start < cpu_seconds) workloadLeaf();
}

__attribute__((noinline)) int workloadRecurse(int depth, double cpu_seconds) {
  if (depth == 0) {
    workloadSpin(cpu_seconds);
    return 0;
  }
  return workloadRecurse(depth - 1, cpu_seconds) + static_cast<int>(g_sink & 1);
}

void* workerMain(void* arg) {
  const long index = reinterpret_cast<long>(arg);
  char name[16];
  snprintf(name, sizeof(name), "worker-%ld", index);
  pthread_setname_np(pthread_self(), name);
  workloadSpin(0.3);
  return nullptr;
}

int runThreads(int count) {
  pthread_t threads[16];
  for (long i = 0; i < count && i < 16; ++i) pthread_create(&threads[i], nullptr, workerMain, reinterpret_cast<void*>(i));
  workloadSpin(0.1);
  for (int i = 0; i < count && i < 16; ++i) pthread_join(threads[i], nullptr);
  printf("threads done\n");
  return 0;
}

int runFork(bool use_underscore_exit) {
  fflush(stdout);
  const pid_t child = fork();
  if (child == 0) {
    workloadSpin(0.3);
    if (use_underscore_exit) _exit(5);
    exit(4);
  }
  workloadSpin(0.2);
  int status = 0;
  waitpid(child, &status, 0);
  printf("child status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return 0;
}

void onSigprof(int) { g_sigprof_count = g_sigprof_count + 1; }

int runSigprof() {
  struct sigaction action;
  memset(&action, 0, sizeof(action));
  action.sa_handler = onSigprof;
  action.sa_flags = SA_RESTART;
  sigaction(SIGPROF, &action, nullptr);
  itimerval timer{{0, 10000}, {0, 10000}};
  setitimer(ITIMER_PROF, &timer, nullptr);
  workloadSpin(0.5);
  itimerval off{};
  setitimer(ITIMER_PROF, &off, nullptr);
  printf("sigprof %s\n", g_sigprof_count > 10 ? "received" : "missing");
  return 0;
}

int runDlopen(const char* library, int rounds) {
  for (int i = 0; i < rounds; ++i) {
    void* handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      printf("dlopen failed: %s\n", dlerror());
      return 1;
    }
    auto spin = reinterpret_cast<void (*)(double)>(dlsym(handle, "sampler_test_plugin_spin"));
    if (spin != nullptr) spin(0.01);
    dlclose(handle);
  }
  printf("dlopen done\n");
  return 0;
}

int runExec(const char* self) {
  workloadSpin(0.2);
  fflush(stdout);
  execl(self, self, "spin", "0.2", static_cast<char*>(nullptr));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const char* scenario = argc > 1 ? argv[1] : "spin";
  const double seconds = argc > 2 ? atof(argv[2]) : 0.5;
  if (strcmp(scenario, "spin") == 0) {
    workloadSpin(seconds);
    printf("spin done\n");
    return 7;
  }
  if (strcmp(scenario, "corrupt") == 0) return pprof::sampler::test::runCorruptFramePointer();
  if (strcmp(scenario, "own_segv") == 0) return pprof::sampler::test::runOwnSegvHandler();
  if (strcmp(scenario, "segv") == 0) return pprof::sampler::test::runUnhandledSegv();
  if (strcmp(scenario, "deep") == 0) {
    workloadRecurse(70, seconds);
    printf("deep done\n");
    return 0;
  }
  if (strcmp(scenario, "sleep") == 0) {
    workloadSpin(0.1);
    timespec pause{0, 300000000};
    // A sampling signal must never cut a sleep short (EINTR): the test compares this output.
    printf(nanosleep(&pause, nullptr) == 0 ? "sleep done\n" : "sleep interrupted\n");
    return 0;
  }
  if (strcmp(scenario, "threads") == 0) return runThreads(4);
  if (strcmp(scenario, "fork") == 0) return runFork(false);
  if (strcmp(scenario, "fork_exit") == 0) return runFork(true);
  if (strcmp(scenario, "sigprof") == 0) return runSigprof();
  if (strcmp(scenario, "dlopen") == 0) return runDlopen(argv[2], argc > 3 ? atoi(argv[3]) : 50);
  if (strcmp(scenario, "exec") == 0) return runExec(argv[0]);
  return 2;
}

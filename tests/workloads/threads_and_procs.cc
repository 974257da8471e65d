// "All threads and processes" workload: the main thread, a thread started by a library
// constructor before main (and before a preloaded sampler's constructor may have run), three
// named worker threads, and a forked child with two named threads of its own that leaves
// through _exit. Every thread burns CPU and prints "thread PID TID NAME", so a test can check
// that each one is in the profile, under its name.
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cpu_clock.h"
#include "early_thread_lib.h"

extern "C" __attribute__((noinline)) void tp_thread_work(double s) { pprof_burn_thread_cpu(s); }

namespace {

constexpr double kBurnSeconds = 0.15;

void announce(const char* name) {
  std::printf("thread %d %d %s\n", getpid(), gettid(), name);
  std::fflush(stdout);
}

void* namedThread(void* name) {
  pthread_setname_np(pthread_self(), static_cast<const char*>(name));
  announce(static_cast<const char*>(name));
  tp_thread_work(kBurnSeconds);
  return nullptr;
}

void runNamedThreads(const std::vector<std::string>& names) {
  std::vector<pthread_t> threads(names.size());
  for (size_t i = 0; i < names.size(); ++i)
    pthread_create(&threads[i], nullptr, namedThread, const_cast<char*>(names[i].c_str()));
  for (pthread_t thread : threads) pthread_join(thread, nullptr);
}

}  // namespace

int main() {
  pthread_setname_np(pthread_self(), "tp-main");
  announce("tp-main");
  tp_thread_work(kBurnSeconds);
  runNamedThreads({"tp-worker-1", "tp-worker-2", "tp-worker-3"});

  std::fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    pthread_setname_np(pthread_self(), "tp-child-main");
    announce("tp-child-main");
    tp_thread_work(kBurnSeconds);
    runNamedThreads({"tp-child-1", "tp-child-2"});
    std::fflush(stdout);
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  early_thread_join();
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

// A small workload for the collector's end-to-end smoke test: the main thread, a worker thread
// and a forked child (which leaves through _exit) each burn a known amount of CPU time in a
// function of their own, so the profile must show all three.
#include <pthread.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>

namespace {

double threadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

volatile uint64_t sink;

__attribute__((noinline)) void spin(double seconds) {
  double end = threadCpuSeconds() + seconds;
  uint64_t x = 1;
  while (threadCpuSeconds() < end) {
    for (int i = 0; i < 1000; ++i) x = x * 6364136223846793005ull + 1;
  }
  sink = x;
}

// The store after each call keeps it from becoming a tail call (which would drop the burn_*
// frame from every stack); different durations keep the compiler from folding identical
// functions into one.
__attribute__((noinline)) void burn_main() { spin(0.3); sink = sink + 1; }
__attribute__((noinline)) void burn_worker() { spin(0.2); sink = sink + 1; }
__attribute__((noinline)) void burn_child() { spin(0.25); sink = sink + 1; }

void* worker(void*) {
  pthread_setname_np(pthread_self(), "busy-worker");
  burn_worker();
  return nullptr;
}

}  // namespace

int main() {
  pid_t child = fork();
  if (child == 0) {
    burn_child();
    _exit(0);  // skips atexit handlers, like multiprocessing workers
  }
  pthread_t thread;
  pthread_create(&thread, nullptr, worker, nullptr);
  burn_main();
  pthread_join(thread, nullptr);
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

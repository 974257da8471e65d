// A program that runs until it is killed: it prints "pid PID", then "cpu SECONDS" each time it
// has used another quarter second of CPU, so a test can wait for progress by reading its output
// (no sleeps) and then SIGKILL it. Gives up after 60 s of CPU so a broken test cannot hang it.
#include <unistd.h>

#include <cstdio>

#include "cpu_clock.h"

extern "C" __attribute__((noinline)) void long_running_work(double s) { pprof_burn_thread_cpu(s); }

int main() {
  std::printf("pid %d\n", getpid());
  std::fflush(stdout);
  for (int quarter = 1; quarter <= 240; ++quarter) {
    long_running_work(0.25);
    std::printf("cpu %.2f\n", pprof_process_cpu_seconds());
    std::fflush(stdout);
  }
  return 1;
}

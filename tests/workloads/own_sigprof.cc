// A program that uses SIGPROF itself: it installs a handler, arms setitimer(ITIMER_PROF) at
// 100 Hz and burns CPU. Under a profiler it must still get its own signals, and only those:
// a profiler that takes SIGPROF away, or floods the program's handler with its own samples,
// fails here.
//
// Prints "sigprof SIGNALS cpu SECONDS"; exits 0 only if SIGNALS is plausible for the CPU time
// used (ITIMER_PROF fires on kernel ticks, so between half and 1.5 times the nominal count).
#include <signal.h>
#include <sys/time.h>

#include <cstdio>

#include "cpu_clock.h"

namespace {

volatile sig_atomic_t g_signals = 0;

void onSigprof(int) { g_signals = g_signals + 1; }

constexpr int kIntervalUs = 10000;
constexpr double kBurnSeconds = 0.6;

}  // namespace

extern "C" __attribute__((noinline)) void own_sigprof_work(double s) { pprof_burn_thread_cpu(s); }

int main() {
  struct sigaction action {};
  action.sa_handler = onSigprof;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  if (sigaction(SIGPROF, &action, nullptr) != 0) {
    std::perror("own_sigprof: sigaction");
    return 1;
  }
  itimerval timer{};
  timer.it_interval.tv_usec = kIntervalUs;
  timer.it_value.tv_usec = kIntervalUs;
  double start = pprof_process_cpu_seconds();
  setitimer(ITIMER_PROF, &timer, nullptr);
  own_sigprof_work(kBurnSeconds);
  itimerval off{};
  setitimer(ITIMER_PROF, &off, nullptr);
  double cpu = pprof_process_cpu_seconds() - start;

  int signals = g_signals;
  double nominal = cpu * 1e6 / kIntervalUs;
  std::printf("sigprof %d cpu %.3f\n", signals, cpu);
  return signals >= 0.5 * nominal && signals <= 1.5 * nominal + 5 ? 0 : 1;
}

// See early_thread_lib.h. The thread burns CPU and announces itself like the others.
#include "early_thread_lib.h"

#include <pthread.h>
#include <unistd.h>

#include <cstdio>

#include "cpu_clock.h"

namespace {

pthread_t g_early;

extern "C" __attribute__((noinline)) void tp_early_work(double s) { pprof_burn_thread_cpu(s); }

void* earlyMain(void*) {
  pthread_setname_np(pthread_self(), "tp-early");
  std::printf("thread %d %d tp-early\n", getpid(), gettid());
  std::fflush(stdout);
  tp_early_work(0.15);
  return nullptr;
}

__attribute__((constructor)) void startEarlyThread() { pthread_create(&g_early, nullptr, earlyMain, nullptr); }

}  // namespace

void early_thread_join() { pthread_join(g_early, nullptr); }

// The library's constructor and destructor: set the sampler up when PPROF_SAMPLER asks for
// it, and flush everything at normal exit. Any failure leaves the program running unprofiled
// and silent (the profiled program is sacred: no output, no crash, same exit status).
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <atomic>

#include "clock.h"
#include "config.h"
#include "drain.h"
#include "fault_guard.h"
#include "interpose_signals.h"
#include "sampler_lifecycle.h"
#include "state.h"
#include "thread_registry.h"
#include "unwind.h"

namespace pprof::sampler {
namespace {

std::atomic<bool> g_running{false};

bool setUp() {
  if (!initRegistry() || !allocateDrainBuffers()) return false;
  if (!loadUnwinder()) {
    debugLog("dlopen libunwind.so.8", 0);
    return false;
  }
  warmUpThisThread();
  if (!chooseClock()) {
    debugLog("no sampling clock", errno);
    return false;
  }
  g_state.signal = installSamplingSignal(g_state.config.signal);
  if (g_state.signal == 0) {
    debugLog("no free real-time signal", 0);
    return false;
  }
  if (!installFaultGuard()) debugLog("fault guard (SIGSEGV/SIGBUS) not installed", errno);
  g_state.start_monotonic_ns = monotonicNs();
  g_state.start_realtime_ns = realtimeNs();
  if (!connectAndAnnounce()) {
    debugLog("connect to collector", errno);
    return false;
  }
  if (!initThreadInterposer() || !installForkHandlers()) return false;
  g_running.store(true, std::memory_order_release);
  g_state.enabled.store(true, std::memory_order_release);
  if (Slot* main_thread = registerThread(currentTid(), true)) {
    main_thread->start_pc = getauxval(AT_ENTRY);  // stands for main until its first CPU sample
  }
  scanThreads();  // threads started by constructors that ran before ours
  if (!startDrainThread()) debugLog("start drain thread", errno);
  return true;
}

__attribute__((constructor)) void samplerConstructor() {
  const int saved_errno = errno;
  Config config;
  if (parseConfig(getenv(wire::kEnvConfig), &config)) {
    g_state.config = config;
    g_state.pid = getpid();
    setUp();
  }
  errno = saved_errno;
}

__attribute__((destructor)) void samplerDestructor() {
  const int saved_errno = errno;
  if (samplerRunning()) flushNow(0);
  errno = saved_errno;
}

}  // namespace

bool samplerRunning() {
  return g_running.load(std::memory_order_acquire) && getpid() == g_state.pid;
}

void setSamplerRunning(bool running) { g_running.store(running, std::memory_order_release); }

}  // namespace pprof::sampler

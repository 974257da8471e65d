#include "session.h"

#include <sys/auxv.h>
#include <unistd.h>

#include <cerrno>

#include "clock.h"
#include "drain.h"
#include "fault_guard.h"
#include "interpose_signals.h"
#include "python_sampling.h"
#include "regions.h"
#include "sampler_lifecycle.h"
#include "state.h"
#include "thread_registry.h"
#include "unwind.h"

namespace pprof::sampler {
namespace {

bool g_initialized = false;

bool initOnce() {
  if (g_initialized) return true;
  if (!initRegistry() || !allocateDrainBuffers() || !allocateRegionBuffer()) return false;
  if (!loadUnwinder()) {
    debugLog("dlopen libunwind.so.8", 0);
    return false;
  }
  warmUpThisThread();
  g_state.signal = installSamplingSignal(g_state.config.signal);
  if (g_state.signal == 0) {
    debugLog("no free real-time signal", 0);
    return false;
  }
  if (!installFaultGuard()) debugLog("fault guard (SIGSEGV/SIGBUS) not installed", errno);
  if (!initThreadInterposer() || !installForkHandlers()) return false;
  g_initialized = true;
  return true;
}

}  // namespace

void prepareDormant() {
  if (loadUnwinder()) initThreadInterposer();
}

bool startSession() {
  if (!initOnce()) return false;
  // Probed per session: a later pprof_start may ask for another clock.
  if (!chooseClock()) {
    debugLog("no sampling clock", errno);
    return false;
  }
  g_state.pid = getpid();
  detectPython(g_state.config.python);  // before any thread is registered: slots get Python state
  g_state.start_monotonic_ns = monotonicNs();
  g_state.start_realtime_ns = realtimeNs();
  if (!connectAndAnnounce()) {
    debugLog("connect to collector", errno);
    return false;
  }
  resetRegionsForSession();
  g_state.session_active.store(true, std::memory_order_release);
  setSamplerRunning(true);
  g_state.enabled.store(true, std::memory_order_release);
  resumeThreads();  // threads of an earlier session
  const pid_t tid = currentTid();
  if (Slot* self = registerThread(tid, true); self != nullptr && tid == g_state.pid && self->start_pc == 0) {
    self->start_pc = getauxval(AT_ENTRY);  // stands for main until its first CPU sample
  }
  scanThreads();  // threads started before (by constructors, or before pprof_start)
  // After the scan, which must not register the drain thread (later scans skip its tid). It
  // outlives the session and idles while disconnected.
  if (!startDrainThread()) debugLog("start drain thread", errno);  // exit/stop still flush
  return true;
}

void stopSession() {
  g_state.session_active.store(false, std::memory_order_release);
  g_state.enabled.store(false, std::memory_order_release);  // a tick still in flight is dropped
  stopAllClocks();
  endConnection();
  setSamplerRunning(false);
  g_state.open_regions.store(0, std::memory_order_release);
}

}  // namespace pprof::sampler

// pthread_create interposer: every thread the program creates registers itself (clock, TLS
// slot pointer, unblocked sampling signal) before running its start routine, and unregisters
// on any way out (return, pthread_exit, cancellation) through a pthread key destructor, which
// glibc runs on every exit path without needing exception tables (we build -fno-exceptions).
#include <pthread.h>
#include <stdlib.h>

#include "interpose_signals.h"
#include "real_functions.h"
#include "sampler_lifecycle.h"
#include "state.h"
#include "thread_registry.h"
#include "unwind.h"

namespace pprof::sampler {

PPROF_REAL_FN(pthread_create)

namespace {

struct StartArgs {
  void* (*routine)(void*);
  void* arg;
};

pthread_key_t g_exit_key;
bool g_exit_key_ready = false;

void onThreadExit(void*) { unregisterCurrentThread(); }

void* threadTrampoline(void* raw) {
  StartArgs args = *static_cast<StartArgs*>(raw);
  free(raw);
  if (!samplerRunning()) {
    // Started before our constructor ran (by another library's constructor), or while no
    // session records (the profiler API before pprof_start): the /proc scan of a later session
    // registers it. Warm it up now if we can, so that its first tick does not have to.
    if (unwinderLoaded()) warmUpThisThread();
    if (g_exit_key_ready) pthread_setspecific(g_exit_key, &g_exit_key);  // any non-null value
    void* result = args.routine(args.arg);
    if (samplerRunning()) unregisterCurrentThread();
    return result;
  }
  warmUpThisThread();  // libunwind's TLS is allocated here, not in the first signal handler
  setSamplingSignalBlocked(false);
  Slot* slot = registerThread(currentTid(), true);
  if (slot != nullptr) {
    // Wall mode shows a thread that sleeps before its first CPU sample in its start routine.
    slot->start_pc = reinterpret_cast<uint64_t>(args.routine);
    if (g_exit_key_ready) pthread_setspecific(g_exit_key, slot);
  }
  return args.routine(args.arg);
}

}  // namespace

bool initThreadInterposer() {
  if (real_pthread_create() == nullptr) return false;
  // Called when dormant and again at the first session: one key.
  if (!g_exit_key_ready) g_exit_key_ready = pthread_key_create(&g_exit_key, onThreadExit) == 0;
  return true;
}

}  // namespace pprof::sampler

using namespace pprof::sampler;

extern "C" __attribute__((visibility("default"))) int pthread_create(
    pthread_t* thread, const pthread_attr_t* attr, void* (*routine)(void*), void* arg) noexcept {
  auto create = real_pthread_create();
  if (create == nullptr) return EAGAIN;
  if (!samplerRunning()) return create(thread, attr, routine, arg);
  auto* args = static_cast<StartArgs*>(malloc(sizeof(StartArgs)));
  if (args == nullptr) return create(thread, attr, routine, arg);
  args->routine = routine;
  args->arg = arg;
  const int rc = create(thread, attr, threadTrampoline, args);
  if (rc != 0) free(args);
  return rc;
}

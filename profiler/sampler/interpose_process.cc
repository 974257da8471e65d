// Process lifecycle: fork (pthread_atfork), _exit/_Exit, and the exec family. Samples must be
// out of the process before it vanishes or replaces its image; a forked child opens its own
// connection and re-arms its clock (neither timers nor helper threads survive fork).
#include <signal.h>
#include <stdarg.h>
#include <unistd.h>

#include "clock.h"
#include "drain.h"
#include "interpose_signals.h"
#include "real_functions.h"
#include "regions.h"
#include "sampler_lifecycle.h"
#include "state.h"
#include "thread_registry.h"

namespace pprof::sampler {

PPROF_REAL_FN(_exit)
PPROF_REAL_FN(pthread_sigmask)
PPROF_REAL_FN(_Exit)
PPROF_REAL_FN(execve)
PPROF_REAL_FN(execv)
PPROF_REAL_FN(execvp)
PPROF_REAL_FN(execvpe)
PPROF_REAL_FN(fexecve)

namespace {

bool g_fork_locked = false;

void forkPrepare() {
  g_fork_locked = samplerRunning();
  if (!g_fork_locked) return;
  lockDrainForFork();
  lockRegionsForFork();
  pthread_mutex_lock(&g_state.registry_mutex);
}

void forkParent() {
  if (!g_fork_locked) return;
  pthread_mutex_unlock(&g_state.registry_mutex);
  unlockRegionsAfterFork();
  unlockDrainAfterFork();
}

void forkChild() {
  if (!g_fork_locked) return;
  g_state.enabled.store(false, std::memory_order_release);
  g_state.pid = getpid();
  resetDrainInChild();
  resetRegionsInChild();
  resetRegistryAfterFork();  // also re-initializes the registry mutex
  g_state.start_monotonic_ns = monotonicNs();
  g_state.start_realtime_ns = realtimeNs();
  if (!connectAndAnnounce()) {
    setSamplerRunning(false);
    for (uint32_t i = 0; i < kSlotCount; ++i) stopThreadClock(i);
    return;
  }
  g_state.enabled.store(true, std::memory_order_release);
  startDrainThread();
}

// Before the image goes away: everything drained, Goodbye sent.
void leaving(int32_t reason) {
  if (samplerRunning()) flushNow(reason);
}

// Pending signals survive exec while our handler does not: a tick queued just before exec
// would kill the new image (default action of a real-time signal) before its own sampler is
// installed. So stop this thread's clock and swallow whatever is already queued. The other
// threads' ticks are thread-directed and vanish with those threads.
void quiesceBeforeExec() {
  g_state.enabled.store(false, std::memory_order_release);
  if (t_slot != nullptr) stopThreadClock(slotIndex(t_slot));
  const int sig = samplingSignal();
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, sig);
  real_pthread_sigmask()(SIG_BLOCK, &set, &old);
  const timespec zero{0, 0};
  while (sigtimedwait(&set, nullptr, &zero) == sig) {
  }
  real_pthread_sigmask()(SIG_SETMASK, &old, nullptr);
}

void beforeExec() {
  if (!samplerRunning()) return;
  flushNow(2);
  quiesceBeforeExec();
}

// exec failed: the old image lives on and joins the run again on a new connection.
void execFailed() {
  if (!samplerRunning()) return;
  const int saved = errno;
  if (connectAndAnnounce()) {
    g_state.enabled.store(true, std::memory_order_release);
    if (t_slot != nullptr) startThreadClock(slotIndex(t_slot), currentTid());
  } else {
    setSamplerRunning(false);
  }
  errno = saved;
}

}  // namespace

bool installForkHandlers() { return pthread_atfork(forkPrepare, forkParent, forkChild) == 0; }

}  // namespace pprof::sampler

using namespace pprof::sampler;

#define PPROF_EXPORT extern "C" __attribute__((visibility("default")))

PPROF_EXPORT void _exit(int status) {
  leaving(1);
  real__exit()(status);
  __builtin_unreachable();
}

PPROF_EXPORT void _Exit(int status) noexcept {
  leaving(1);
  real__Exit()(status);
  __builtin_unreachable();
}

PPROF_EXPORT int execve(const char* path, char* const argv[], char* const envp[]) noexcept {
  beforeExec();
  const int rc = real_execve()(path, argv, envp);
  execFailed();
  return rc;
}

PPROF_EXPORT int execv(const char* path, char* const argv[]) noexcept {
  beforeExec();
  const int rc = real_execv()(path, argv);
  execFailed();
  return rc;
}

PPROF_EXPORT int execvp(const char* file, char* const argv[]) noexcept {
  beforeExec();
  const int rc = real_execvp()(file, argv);
  execFailed();
  return rc;
}

PPROF_EXPORT int execvpe(const char* file, char* const argv[], char* const envp[]) noexcept {
  beforeExec();
  const int rc = real_execvpe()(file, argv, envp);
  execFailed();
  return rc;
}

PPROF_EXPORT int fexecve(int fd, char* const argv[], char* const envp[]) noexcept {
  beforeExec();
  const int rc = real_fexecve()(fd, argv, envp);
  execFailed();
  return rc;
}

// The variadic exec*l forms collect their arguments on the stack and use the forms above.
#define PPROF_COLLECT_ARGS(first, argv, after)                  \
  va_list count_args;                                           \
  va_start(count_args, first);                                  \
  size_t argc = 1;                                              \
  while (va_arg(count_args, const char*) != nullptr) ++argc;    \
  va_end(count_args);                                           \
  char** argv = static_cast<char**>(__builtin_alloca((argc + 1) * sizeof(char*))); \
  va_list args;                                                 \
  va_start(args, first);                                        \
  argv[0] = const_cast<char*>(first);                           \
  for (size_t i = 1; i <= argc; ++i) argv[i] = va_arg(args, char*); \
  after;                                                        \
  va_end(args)

PPROF_EXPORT int execl(const char* path, const char* arg, ...) noexcept {
  PPROF_COLLECT_ARGS(arg, argv, (void)0);
  return execv(path, argv);
}

PPROF_EXPORT int execlp(const char* file, const char* arg, ...) noexcept {
  PPROF_COLLECT_ARGS(arg, argv, (void)0);
  return execvp(file, argv);
}

PPROF_EXPORT int execle(const char* path, const char* arg, ...) noexcept {
  char* const* envp = nullptr;
  PPROF_COLLECT_ARGS(arg, argv, envp = va_arg(args, char* const*));
  return execve(path, argv, envp);
}

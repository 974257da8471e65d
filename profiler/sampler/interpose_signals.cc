#include "interpose_signals.h"

#include <atomic>
#include <cstring>

#include "real_functions.h"
#include "state.h"
#include "signal_handler.h"

namespace pprof::sampler {

PPROF_REAL_FN(sigaction)
PPROF_REAL_FN(signal)
PPROF_REAL_FN(sigprocmask)
PPROF_REAL_FN(pthread_sigmask)

namespace {

std::atomic<int> g_signal{0};

// Signals whose handler is ours (the sampling signal, and SIGSEGV/SIGBUS for the unwind guard),
// with the program's own disposition for each, as it believes it set it.
struct Owned {
  std::atomic<bool> owned{false};
  std::atomic<bool> has_chained{false};
  struct sigaction chained;
};
Owned g_owned[_NSIG];

bool isOwned(int sig) {
  return sig > 0 && sig < _NSIG && g_owned[sig].owned.load(std::memory_order_acquire);
}

// True for a mask that blocks every signal (sigfillset): code doing that is guarding a
// critical section against re-entry, as libunwind does around its locks, and must get it.
bool blocksEverything(const sigset_t* set, int sampling_signal) {
  for (int sig = 1; sig <= SIGRTMAX; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP || sig == sampling_signal) continue;
    if (sig > 31 && sig < SIGRTMIN) continue;  // glibc's internal signals
    if (sigismember(set, sig) != 1) return false;
  }
  return true;
}

// Returns a copy of `set` without the sampling signal when `how` could block it, so that a
// program's per-thread masks cannot silence sampling. Masks that block everything pass.
const sigset_t* withoutSamplingSignal(int how, const sigset_t* set, sigset_t* copy) {
  const int sig = g_signal.load(std::memory_order_acquire);
  if (set == nullptr || sig == 0 || how == SIG_UNBLOCK || t_in_handler > 0) return set;
  if (blocksEverything(set, sig)) return set;
  *copy = *set;
  sigdelset(copy, sig);
  return copy;
}

}  // namespace

bool claimSignal(int sig, void (*handler)(int, siginfo_t*, void*), int flags) {
  auto sigaction_fn = real_sigaction();
  if (sigaction_fn == nullptr || sig <= 0 || sig >= _NSIG) return false;
  struct sigaction old;
  if (sigaction_fn(sig, nullptr, &old) != 0) return false;
  struct sigaction action;
  memset(&action, 0, sizeof(action));
  action.sa_sigaction = handler;
  action.sa_flags = SA_SIGINFO | flags;
  sigemptyset(&action.sa_mask);
  Owned& owned = g_owned[sig];
  owned.chained = old;  // a handler installed before ours (another library's constructor)
  owned.has_chained.store(true, std::memory_order_release);
  if (sigaction_fn(sig, &action, nullptr) != 0) return false;
  owned.owned.store(true, std::memory_order_release);
  return true;
}

bool chainedAction(int sig, struct sigaction* out) {
  if (!isOwned(sig) || !g_owned[sig].has_chained.load(std::memory_order_acquire)) return false;
  *out = g_owned[sig].chained;
  return true;
}

void resetChainedAction(int sig) {
  if (!isOwned(sig)) return;
  memset(&g_owned[sig].chained, 0, sizeof(g_owned[sig].chained));
  g_owned[sig].chained.sa_handler = SIG_DFL;
}

int installSamplingSignal(int preferred) {
  auto sigaction_fn = real_sigaction();
  if (sigaction_fn == nullptr) return 0;
  const int first = preferred != 0 ? preferred : SIGRTMIN + 4;
  const int last = preferred != 0 ? preferred : SIGRTMAX;
  for (int sig = first; sig <= last; ++sig) {
    struct sigaction old;
    if (sigaction_fn(sig, nullptr, &old) != 0) continue;
    if (preferred == 0 && (old.sa_flags & SA_SIGINFO) == 0 && old.sa_handler != SIG_DFL) continue;
    if (!claimSignal(sig, samplerSignalHandler, SA_RESTART)) continue;
    g_signal.store(sig, std::memory_order_release);
    setSamplingSignalBlocked(false);
    return sig;
  }
  return 0;
}

int samplingSignal() { return g_signal.load(std::memory_order_acquire); }

void setSamplingSignalBlocked(bool blocked) {
  const int sig = samplingSignal();
  if (sig == 0) return;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  if (auto fn = real_pthread_sigmask()) fn(blocked ? SIG_BLOCK : SIG_UNBLOCK, &set, nullptr);
}

void forwardToChainedHandler(int sig, siginfo_t* info, void* ucontext) {
  struct sigaction chained;
  if (!chainedAction(sig, &chained)) return;
  if ((chained.sa_flags & SA_SIGINFO) != 0) {
    if (chained.sa_sigaction != nullptr) chained.sa_sigaction(sig, info, ucontext);
    return;
  }
  // SIG_DFL would terminate the program for a real-time signal; a stray tick must not.
  if (chained.sa_handler != SIG_DFL && chained.sa_handler != SIG_IGN) chained.sa_handler(sig);
}

}  // namespace pprof::sampler

using namespace pprof::sampler;

extern "C" {

__attribute__((visibility("default"))) int sigaction(int sig, const struct sigaction* act,
                                                     struct sigaction* old) noexcept {
  if (isOwned(sig)) {
    Owned& owned = g_owned[sig];
    if (old != nullptr) {
      if (owned.has_chained.load(std::memory_order_acquire)) {
        *old = owned.chained;
      } else {
        memset(old, 0, sizeof(*old));
        old->sa_handler = SIG_DFL;
      }
    }
    if (act != nullptr) {
      owned.chained = *act;
      owned.has_chained.store(true, std::memory_order_release);
    }
    return 0;
  }
  auto fn = real_sigaction();
  if (fn == nullptr) {
    errno = ENOSYS;
    return -1;
  }
  return fn(sig, act, old);
}

__attribute__((visibility("default"))) sighandler_t signal(int sig, sighandler_t handler) noexcept {
  if (isOwned(sig)) {
    struct sigaction act, old;
    memset(&act, 0, sizeof(act));
    act.sa_handler = handler;
    act.sa_flags = SA_RESTART;
    sigaction(sig, &act, &old);
    return (old.sa_flags & SA_SIGINFO) != 0 ? SIG_DFL : old.sa_handler;
  }
  auto fn = real_signal();
  if (fn == nullptr) return SIG_ERR;
  return fn(sig, handler);
}

__attribute__((visibility("default"))) int sigprocmask(int how, const sigset_t* set,
                                                       sigset_t* old) noexcept {
  sigset_t copy;
  auto fn = real_sigprocmask();
  if (fn == nullptr) return -1;
  return fn(how, withoutSamplingSignal(how, set, &copy), old);
}

__attribute__((visibility("default"))) int pthread_sigmask(int how, const sigset_t* set,
                                                           sigset_t* old) noexcept {
  sigset_t copy;
  auto fn = real_pthread_sigmask();
  if (fn == nullptr) return ENOSYS;
  return fn(how, withoutSamplingSignal(how, set, &copy), old);
}

}  // extern "C"

#include "fault_guard.h"

#include <signal.h>
#include <string.h>

#include <atomic>

#include "interpose_signals.h"
#include "real_functions.h"
#include "state.h"

namespace pprof::sampler {

__thread sigjmp_buf* t_unwind_guard __attribute__((tls_model("initial-exec"))) = nullptr;

PPROF_REAL_FN(sigaction)

namespace {

// Gives the signal back to its default action, bypassing our sigaction wrapper.
void restoreDefault(int sig) {
  struct sigaction action;
  memset(&action, 0, sizeof(action));
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  if (auto fn = real_sigaction()) fn(sig, &action, nullptr);
}

void faultHandler(int sig, siginfo_t* info, void* ucontext) {
  if (sigjmp_buf* guard = t_unwind_guard) {
    t_unwind_guard = nullptr;
    g_state.unwind_faults.fetch_add(1, std::memory_order_relaxed);
    siglongjmp(*guard, 1);  // back into the sampling handler; SA_NODEFER left no mask behind
  }
  struct sigaction chained;
  if (chainedAction(sig, &chained)) {
    if ((chained.sa_flags & SA_RESETHAND) != 0) resetChainedAction(sig);
    if ((chained.sa_flags & SA_SIGINFO) != 0 && chained.sa_sigaction != nullptr) {
      chained.sa_sigaction(sig, info, ucontext);
      return;
    }
    if ((chained.sa_flags & SA_SIGINFO) == 0 && chained.sa_handler != SIG_DFL &&
        chained.sa_handler != SIG_IGN) {
      chained.sa_handler(sig);
      return;
    }
    // An ignored SIGSEGV sent by kill stays ignored; a real fault cannot be ignored anyway.
    if (chained.sa_handler == SIG_IGN && info->si_code <= 0) return;
  }
  restoreDefault(sig);
  if (info->si_code <= 0) raise(sig);  // sent by kill: the instruction re-run would not repeat it
  // A real fault: returning re-runs the faulting instruction, now under SIG_DFL.
}

}  // namespace

bool installFaultGuard() {
  return claimSignal(SIGSEGV, faultHandler, SA_NODEFER | SA_ONSTACK) &&
         claimSignal(SIGBUS, faultHandler, SA_NODEFER | SA_ONSTACK);
}

}  // namespace pprof::sampler

// Ownership of the sampling signal: choose a free real-time signal, install our handler, and
// interpose sigaction/signal/sigprocmask/pthread_sigmask so the program can neither replace
// our handler (its handler is chained for signals that are not ticks) nor block the signal.
//
// Constraints: forwardToChainedHandler() is async-signal-safe; the rest runs in normal context.
#pragma once

#include <signal.h>

namespace pprof::sampler {

// Installs `handler` (SA_SIGINFO | flags, empty mask) for `sig` and keeps it there: the
// program's later sigaction/signal calls for `sig` are recorded as its chained action instead,
// and so is whatever handler was installed before ours.
bool claimSignal(int sig, void (*handler)(int, siginfo_t*, void*), int flags);
// The program's own action for a claimed signal. Async-signal-safe.
bool chainedAction(int sig, struct sigaction* out);
// Makes the chained action SIG_DFL (SA_RESETHAND emulation). Async-signal-safe.
void resetChainedAction(int sig);

// Picks `preferred` (if non-zero) or the first real-time signal from SIGRTMIN+4 whose
// disposition is SIG_DFL, installs the sampler's handler, and returns it (0 on failure).
int installSamplingSignal(int preferred);
// The signal in use (0 before installation).
int samplingSignal();
void forwardToChainedHandler(int sig, siginfo_t* info, void* ucontext);
// Blocks (or unblocks) the sampling signal in the calling thread, bypassing the interposers.
void setSamplingSignalBlocked(bool blocked);

}  // namespace pprof::sampler

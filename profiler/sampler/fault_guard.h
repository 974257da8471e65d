// Unwinding a corrupt stack must not crash the program. libunwind 1.6.2's local unwinder reads
// memory through the CFA without validating it, so a stack holding garbage (or a frame whose
// frame-pointer register the program repurposed) makes it fault inside our signal handler.
//
// The guard: the handler arms a per-thread jump buffer around the unwind; our SIGSEGV/SIGBUS
// handler jumps back to it when a fault happens while it is armed, and the sample keeps only
// the interrupted PC (flagged unwind-failed). Any other fault is the program's: it goes to the
// handler the program installed (recorded by our sigaction wrapper), or, with none, takes the
// default action exactly as it would have without us (the faulting instruction re-runs with
// SIG_DFL restored; a SIGSEGV sent with kill is re-raised).
//
// Constraints: everything here is async-signal-safe; armed only inside the sampling handler.
#pragma once

#include <setjmp.h>

namespace pprof::sampler {

// Claims SIGSEGV and SIGBUS (SA_NODEFER | SA_ONSTACK). False if either could not be claimed.
bool installFaultGuard();

// Set by the sampling handler around the unwind; nullptr otherwise.
extern __thread sigjmp_buf* t_unwind_guard __attribute__((tls_model("initial-exec")));

}  // namespace pprof::sampler

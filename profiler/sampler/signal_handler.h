// The sampling signal handler.
//
// Constraints: async-signal-safe (see the dialect at the top of signal_handler.cc).
#pragma once

#include <signal.h>

namespace pprof::sampler {

void samplerSignalHandler(int sig, siginfo_t* info, void* ucontext);

}  // namespace pprof::sampler

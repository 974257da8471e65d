// Start-up and the process-lifecycle hooks that the interposers and the constructor share.
//
// Constraints: normal context only.
#pragma once

#include <sys/types.h>

namespace pprof::sampler {

// True once the constructor set the sampler up in this process image (and this is the same
// process: a vfork child shares our memory but must not touch the parent's connection).
bool samplerRunning();
// samplerRunning() without its getpid() system call, for paths taken often (regions) in code
// that a vfork child never runs (it may only exec or _exit). A forked child's state is already
// its own when fork() returns (pthread_atfork).
bool samplerActive();
void setSamplerRunning(bool running);

bool initThreadInterposer();
bool installForkHandlers();

}  // namespace pprof::sampler

// Per-thread sampling clocks. Preferred: a perf_event_open software task clock per thread that
// signals the thread itself on every overflow (enabled once, never re-armed: refresh has hung
// some kernels). Fallback: a POSIX CPU-time timer per thread (~250 Hz cap at HZ=250), whose
// samples are weighted by 1 + overrun.
//
// Constraints: normal context only (syscalls). A clock may be started for another thread of
// the process (threads found in /proc/self/task).
#pragma once

#include <sys/types.h>

#include "state.h"

namespace pprof::sampler {

// Decides once per process image which clock works here (tries it on the calling thread) and
// stores it in g_state.clock. Returns false if no clock works.
bool chooseClock();
// Starts the clock of `tid` for slot `index`. Returns false if the kernel refused.
bool startThreadClock(uint32_t index, pid_t tid);
// Stops and releases the slot's clock; no tick for it is produced afterwards.
void stopThreadClock(uint32_t index);
// After fork: the inherited descriptors and timers belong to the parent's threads.
void forgetInheritedClock(uint32_t index);

}  // namespace pprof::sampler

// Wall mode shows why a thread was off CPU as the leaf frame of its idle samples:
// "[off-cpu: sleeping]", "[off-cpu: disk wait (D)]", "[off-cpu: waiting for a CPU]", ... above
// the stack it was blocked in. The frames live in a synthetic module "[off-cpu]" placed at
// non-canonical addresses (no user PC can ever be there), and the symbolize pass is given a
// resolver that names them; everything else goes to the real symbolizer.
#pragma once

#include <cstdint>
#include <string>

#include "attach/remote_unwinder.h"
#include "collector/symbolize_pass.h"

namespace pprof::attach {

enum class ThreadState { kSleeping, kDiskWait, kWaitingForCpu, kStopped, kOther };

constexpr char kOffCpuModuleName[] = "[off-cpu]";

// The synthetic module, to announce to the recorder once (wall mode only).
RemoteModule offCpuModule();
// Address of the frame for `state` inside offCpuModule().
uint64_t stateFrameAddress(ThreadState state);
// From the state letter of /proc/PID/task/TID/stat.
ThreadState stateFromProcLetter(char letter);
// "[off-cpu: sleeping]", ...
std::string stateFrameName(ThreadState state);

// Wraps a resolver so that the "[off-cpu]" module gets its state names.
collector::ResolveFn withStateFrames(collector::ResolveFn inner);

}  // namespace pprof::attach

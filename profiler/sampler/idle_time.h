// Wall mode: off-CPU time of each thread, turned into samples by the drain thread.
//
// Running threads sample themselves with their CPU clocks, exactly as in cpu mode. Every
// drain period, the wall time a thread existed minus the CPU time it used is its off-CPU time
// (sleeping, blocked, or waiting for a core); it is emitted as samples flagged kSampleIdle
// with the thread's last known stack (or its start routine before its first CPU sample).
// No signal is ever sent to a thread that is not running, so sleeping threads are not woken
// and their nanosleep/poll/read calls never see EINTR. The price: an idle sample shows where
// the thread last ran on the CPU, not the blocking call itself; the system call it is blocked
// in (/proc/self/task/TID/syscall) tells synchronization waits (kSampleSyncWait: futex, wait4,
// waitid, sigwait) from sleep and I/O.
//
// Constraints: drain thread only (caller holds drain_mutex); no allocation.
#pragma once

#include <cstdint>

#include "state.h"

namespace pprof::sampler {

struct IdleSample {
  wire::SampleHeader header;
  const uint64_t* pcs;
};

// Adds the off-CPU time since the last call and, when it amounts to at least one period,
// fills `out` (pcs point into a static buffer valid until the next call) and returns true.
bool takeIdleSample(Slot* slot, uint64_t now_ns, IdleSample* out);

}  // namespace pprof::sampler

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
// Constraints: drain thread only (caller holds drain_mutex), except restartIdleTime (a session
// start, registry_mutex held); no allocation.
#pragma once

#include <cstdint>

#include "state.h"

namespace pprof::sampler {

struct IdleSample {
  wire::SampleHeader header;
  const uint64_t* pcs;
};

// Starts the thread's accounting afresh at `now_ns` (a new API session: the time between
// sessions is not off-CPU time of this one).
void restartIdleTime(Slot* slot, uint64_t now_ns);
// Adds the off-CPU time since the last call and takes the whole periods it amounts to out of
// the thread's carry. Returns their count (0: nothing to report yet).
uint64_t takeIdlePeriods(Slot* slot, uint64_t now_ns);
// The idle sample standing for `periods` (pcs point into a static buffer valid until the next
// call). False when the thread has no stack yet (found by the /proc scan, never ran).
bool idleSample(Slot* slot, uint64_t now_ns, uint64_t periods, IdleSample* out);

}  // namespace pprof::sampler

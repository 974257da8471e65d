// Recording sessions. Under pprof-run there is one, from the constructor to the end of the
// process image. The profiler API (api.cc) may start and stop several in one process: the
// one-time set-up (slots, buffers, unwinder, signal, hooks, drain thread) happens at the first
// start and stays; a session adds the connection and the threads' clocks.
//
// Constraints: normal context. Not thread-safe among themselves: the constructor runs alone,
// and api.cc serializes its calls.
#pragma once

namespace pprof::sampler {

// Loads the unwinder and hooks thread creation so that threads created before any session are
// warmed up (the profiler API linked into a program, no session yet). Cheap; never fails loudly.
void prepareDormant();
// One-time set-up, then connects to the collector named in g_state.config and starts every
// thread's clock. False (and nothing runs) when something is missing; see debugLog output.
bool startSession();
// Stops every clock, drains, says goodbye and closes the connection. Threads stay registered
// for a later session.
void stopSession();

}  // namespace pprof::sampler

// The environment mode, gperftools' CPUPROFILE convention: a process started with
//   LD_PRELOAD=<lib>/libpprof-sampler.so PPROF_OUTPUT=prof/%h-%p.prof
// and no pprof-run records itself and every child into one file per process tree: it starts
// pprof-collect as pprof_start() does (until_exit: the recording follows exec), then puts the
// session's PPROF_SAMPLER into the environment so that exec'd children (LD_PRELOAD inherited)
// join the same collector; forked ones join anyway. PPROF_FREQUENCY (Hz) and PPROF_MODE
// (cpu|wall) set the sampling; PPROF_HOST stands in for the host name in %h.
//
// A process that cannot record (bad pattern, unwritable directory, no pprof-collect) says so
// on stderr in one line and runs on unprofiled; PPROF_OUTPUT is then removed from its
// environment so its children do not repeat the message.
//
// Constraints: the library's constructor, before main; may allocate; never throws.
#pragma once

namespace pprof::sampler {

// True when PPROF_OUTPUT was set and the session started.
bool startEnvironmentMode();

}  // namespace pprof::sampler

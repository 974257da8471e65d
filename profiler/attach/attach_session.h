// One `pprof-run --pid PID` invocation, from validated options to exit status: checks the
// target, attaches a perf clock to each of its threads (attached_process.h), feeds the same
// RunRecorder a launched run uses until --duration passes, a signal (SIGINT, SIGTERM, SIGHUP,
// SIGQUIT) arrives or the process exits, detaches, then symbolizes and prints the summary.
//
// The target is never stopped or signalled, so it keeps running correctly whatever happens to
// pprof-run: the clocks are file descriptors, closed on every exit path, by the kernel too if
// pprof-run is killed outright. Detaching comes before symbolization, so the target is free
// again as soon as sampling ends. Everything printed goes to stderr.
#pragma once

#include "collector/cli_options.h"

namespace pprof::attach {

constexpr int kExitAttached = 0;        // profile written (duration, signal, or the process ended)
constexpr int kExitEndedEarly = 1;      // the process exited before --duration; samples kept
constexpr int kExitCannotAttach = 2;    // no such process, not permitted, output not writable

int runAttachSession(const collector::CliOptions& options);

}  // namespace pprof::attach

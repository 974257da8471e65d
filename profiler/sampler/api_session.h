// The profiler API's side of the library's exit: a process that started recording with
// pprof_start() and did not stop gets its profile finished at normal exit, as if it had
// called pprof_stop() (the file is complete when the program has exited).
#pragma once

#include "config.h"

namespace pprof::sampler {

// Starts a standalone session as pprof_start_options(path, options) does; `until_exit` keeps
// the collector recording across exec until this process exits (the environment mode). On
// failure returns false with pprof_last_error()'s message in `error`.
bool startApiSession(const char* path, const char* options, bool until_exit, const char** error);

// Called by the library destructor. True if it stopped an API session of this process (the
// destructor then has nothing else to flush).
bool finishApiSessionAtExit();

// The running API session's sampler configuration (its socket name): what an exec'd child
// needs in PPROF_SAMPLER to join the same collector.
const Config& apiSessionConfig();

}  // namespace pprof::sampler

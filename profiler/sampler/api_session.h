// The profiler API's side of the library's exit: a process that started recording with
// pprof_start() and did not stop gets its profile finished at normal exit, as if it had
// called pprof_stop() (the file is complete when the program has exited).
#pragma once

namespace pprof::sampler {

// Called by the library destructor. True if it stopped an API session of this process (the
// destructor then has nothing else to flush).
bool finishApiSessionAtExit();

}  // namespace pprof::sampler

// What a process is in its job, from its command line, so that tables and the viewer can tell
// the user's task code from an engine's machinery: "dask-scheduler", "dask-worker" (the nanny
// or worker command), "spawn worker" (multiprocessing's spawn_main: dask's worker processes,
// spawn pools), "resource_tracker", "forkserver", else the script a Python interpreter runs
// ("job.py") or the program's name. Empty when nothing is known.
#pragma once

#include <string>

#include "format/profile.h"

namespace pprof::analysis {

std::string processRole(const Process& process);

}  // namespace pprof::analysis

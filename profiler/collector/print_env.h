// `pprof-run --print-env`: the shell lines that switch on the environment mode
// (profiler/sampler/environment_mode.h) for processes pprof-run does not start (a dask worker,
// a Spark executor, an mpirun rank): LD_PRELOAD with the sampler's absolute path (any existing
// value kept after it), PPROF_OUTPUT, PPROF_FREQUENCY, PPROF_MODE and, with --no-python,
// PPROF_PYTHON=0. Values are single-quoted for sh. Pure.
#pragma once

#include <string>

#include "collector/cli_options.h"

namespace pprof::collector {

std::string environmentLines(const CliOptions& options, const std::string& sampler_library);

}  // namespace pprof::collector

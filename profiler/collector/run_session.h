// One pprof-run invocation from validated options to exit status: checks the program and the
// output before anything starts, launches the program with the sampler preloaded, runs the
// event loop that feeds the recorder, symbolizes, writes the summary. Everything it prints goes
// to stderr; the program's stdin/stdout/stderr are inherited untouched.
#pragma once

#include "collector/cli_options.h"

namespace pprof::collector {

// Returns pprof-run's exit status: the program's own (128+N for signal N), 127/126 when it
// cannot be found/executed, 2 when pprof-run cannot start (output not writable, ...).
int runSession(const CliOptions& options);

}  // namespace pprof::collector

// The profiler API without pprof-run: starting pprof-collect for this process and waiting for
// its verdict. The program creates the listening socket (so it can connect the moment the
// collector says "ready", with no race) and hands it over as fd 3; the collector reports on a
// pipe (fd 4), one line per event (profiler/collector/collect_session.h).
//
// pprof-collect is looked up as $PPROF_COLLECT, then next to this library
// (<dir>/../../bin/pprof-collect: lib/pprof/ and bin/ are siblings in the build tree and in an
// installed prefix), then in PATH. It runs in its own process group (a Ctrl-C meant for the
// program does not cut the file short) with stdin/stdout/stderr on /dev/null (unless the
// config has debug=1): the program's output stays its own.
//
// Constraints: normal context; may allocate. Errors are one line written into `error`.
#pragma once

#include <sys/types.h>

#include <cstddef>

#include "config.h"

namespace pprof::sampler {

struct CollectorProcess {
  pid_t pid = -1;
  int status_fd = -1;  // read end of the status pipe (close-on-exec)
};

// Starts pprof-collect writing `output` and waits (up to 10 s) for its "ready". Fills
// config->socket_name with the name the sampler must connect to. `until_exit`: the collector
// records until this process exits (across exec), not until its first connection closes.
// The collector's environment is the program's without LD_PRELOAD and the PPROF_OUTPUT /
// PPROF_SAMPLER variables: it must not profile itself.
bool launchCollector(const char* output, Config* config, CollectorProcess* out, char* error,
                     size_t error_len, bool until_exit = false);
// After the sampler's connection is closed: waits (up to `timeout_ms`) until the collector has
// written the file and exited. True when it reported "done".
bool finishCollector(CollectorProcess* collector, int timeout_ms, char* error, size_t error_len);
// The session could not start after all: stop the collector, reap it.
void abandonCollector(CollectorProcess* collector);

}  // namespace pprof::sampler

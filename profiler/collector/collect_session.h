// pprof-collect: the collector half of the in-process profiler API (profiler/api). The program
// calling pprof_start() creates and binds the listening socket itself, spawns pprof-collect
// with it, and connects its sampler at once; pprof-collect records every connection (the
// program and its forked children) into the output file, and ends when the program's own
// connection closes (pprof_stop, exit, exec, or death) plus a short grace for the children's.
//
// It talks to the program through one status pipe, one line per event:
//   "ready"                                  the output is open, connections are recorded
//   "warning: MESSAGE"                       e.g. symbolization problems; the file is still written
//   "done SAMPLES samples, REGIONS regions"  the file is complete and closed
//   "error: MESSAGE"                         nothing (more) will be written; MESSAGE says why
// Nothing goes to stdout or stderr: the program's output is not ours to touch.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace pprof::collector {

struct CollectOptions {
  int listen_fd = -1;   // --listen-fd N: bound, listening abstract Unix socket
  int status_fd = -1;   // --status-fd N: the status pipe's write end
  pid_t owner = 0;      // --owner-pid PID: the process that called pprof_start
  std::string output;   // -o FILE
  uint32_t frequency_hz = 1000;  // --hz N
  std::string mode = "cpu";      // --mode cpu|wall
  bool regions_only = false;     // --regions-only
  // --until-exit: an owner connection that closes because its image exec'd does not end the
  // recording (the new image connects anew); its exit does. The
  // environment mode (PPROF_OUTPUT) uses it: there the owner is a whole process tree's root.
  bool until_exit = false;
};

// `args` excludes argv[0]. Errors are one line, e.g. "--hz: expected an integer in 1..100000".
Result<CollectOptions> parseCollectArgs(const std::vector<std::string>& args);

// Runs one collection; returns the exit status (0 done, 2 could not start, 1 failed later).
int runCollect(const CollectOptions& options);

}  // namespace pprof::collector

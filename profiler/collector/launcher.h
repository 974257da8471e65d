// Starting the profiled program: finding it like execvp does (so "not found" and "not
// executable" are reported before anything starts), finding the preload library next to
// pprof-run, building the child's environment, and fork+exec with exec failures reported back
// through a close-on-exec pipe.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace pprof::collector {

class SignalRelay;

struct ResolvedProgram {
  std::string path;   // what to pass to execve
  int error = 0;      // errno execvp would fail with (ENOENT, EACCES, ...), 0 if found
  bool searched_path = false;  // name had no '/', PATH was searched
};

// Like execvp: a name with '/' is taken as is; otherwise each PATH entry is tried (an entry
// that exists but is not executable is remembered, as execvp does, and yields EACCES).
ResolvedProgram resolveProgram(const std::string& name, const char* path_env);

// Shell conventions: 127 for "not found", 126 for "found but cannot execute".
int exitCodeForExecError(int error);

// "cannot execute './nope': No such file or directory"
std::string execErrorMessage(const std::string& name, int error, bool searched_path);

// dirname(readlink /proc/self/exe)/../lib/pprof/libpprof-sampler.so, canonicalized; an error
// naming the expected path if it is missing or unusable in LD_PRELOAD.
Result<std::string> findSamplerLibrary();

// PPROF_REGIONS_ONLY=1 in pprof-run's environment: sample only while the program has a region
// open (pprof_region_begin/end, pprof::Region). Stands in for a command-line flag.
constexpr const char kEnvRegionsOnly[] = "PPROF_REGIONS_ONLY";
// True for a set, non-empty value other than "0".
bool regionsOnlyRequested(const char* env_value);

// "socket=NAME;hz=HZ;mode=MODE" plus ";regions_only=1" when asked (sampler/README.md keys).
// `python` false adds python=0 (pprof-run --no-python).
std::string samplerConfig(const std::string& socket_name, uint32_t hz, const std::string& mode,
                          bool regions_only, bool python = true);

// `environ` plus LD_PRELOAD (sampler first, any existing value kept after it) and
// PPROF_SAMPLER=config; an existing PPROF_SAMPLER is replaced. Pure.
std::vector<std::string> childEnvironment(const char* const* environ, const std::string& sampler_lib,
                                          const std::string& sampler_config);

struct SpawnRequest {
  std::string path;                  // resolved program
  std::vector<std::string> argv;     // argv[0] as the user wrote it
  std::vector<std::string> env;
};

// Forks and execs. On exec failure in the child, the child exits and the error comes back here
// as a Status whose errno is stored in *exec_errno.
Result<pid_t> spawnChild(const SpawnRequest& request, const SignalRelay& signals, int* exec_errno);

}  // namespace pprof::collector

// The environment mode's file name (PPROF_OUTPUT=prof/%h-%p.prof): the pattern with %h (host
// name, PPROF_HOST when set), %p (pid of the process tree's root), %t (its start, Unix
// seconds) and %% expanded, and the directories leading to it created, so one pattern serves
// every worker of a job on every host.
//
// Constraints: normal context (the library's constructor, before main); no allocation, no
// output. Errors are one line written into `error`.
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

namespace pprof::sampler {

struct PatternValues {
  const char* host;
  pid_t pid;
  uint64_t start_seconds;
};

// False (and a message) for an unknown %-sequence, an empty result or one that does not fit.
bool expandOutputPattern(const char* pattern, const PatternValues& values, char* out, size_t out_len, char* error,
                         size_t error_len);

// Creates every missing directory of `path`'s parent (mode 0777 before the umask); false with
// a message naming the directory when one cannot be made.
bool makeParentDirectories(const char* path, char* error, size_t error_len);

}  // namespace pprof::sampler

// Loads a profile file for the viewer tools: reads the bytes, parses them with the matching
// reader and checks the model's invariants, so the analysis only ever sees a valid Profile.
// Only out.prof for now; other formats (cProfile, pprof, collapsed, perf script) plug in here,
// detected by content, not by file name.
// Errors are one line: "cannot read 'x.prof': No such file or directory", or the reader's own
// message ("x.txt: not an out.prof file (bad magic)").
#pragma once

#include <string>

#include "common/result.h"
#include "format/profile.h"

namespace pprof::cli {

Result<std::string> readWholeFile(const std::string& path);

Result<Profile> loadProfile(const std::string& path);

}  // namespace pprof::cli

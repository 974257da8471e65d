// Picks the ELF file to read for a profiled module: the mapped path when it still exists
// and carries the recorded build-id; otherwise the separate debug file found by build-id
// (DIR/.build-id/xx/rest.debug, which keeps the program headers and symbols), so a profile
// can be symbolized after the library was upgraded or deleted.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "symbolize/symbolizer.h"

namespace pprof::symbolize {

// Absolute directories of a libdwfl debuginfo_path string (":.debug:/usr/lib/debug").
std::vector<std::string> absoluteDebugDirs(const std::string& debuginfo_path);

// Lowercase hex GNU build-id of an ELF file; "" if it has none. Error if it cannot be read.
Result<std::string> readBuildId(const std::string& path);

// The file to hand to libdwfl, or why there is none ("open /x/libfoo.so: No such file...").
Result<std::string> locateModuleFile(const ModuleRef& module,
                                     const std::vector<std::string>& debug_dirs);

}  // namespace pprof::symbolize

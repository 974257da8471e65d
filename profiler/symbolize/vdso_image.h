// The kernel's vDSO has no file on disk: a sampled "[vdso]" module is symbolized from a copy
// of this process's own vDSO image, which is the same image when the profile was recorded on
// this machine (the caller checks the build-id).
//
// Constraints: the copy is written once per process to a private temporary file, removed at
// exit. Not thread-safe (neither is the Symbolizer).
#pragma once

#include <string>

#include "common/result.h"

namespace pprof::symbolize {

constexpr const char kVdsoModuleName[] = "[vdso]";

// Path of a file holding this process's vDSO ELF image.
Result<std::string> vdsoImageFile();

}  // namespace pprof::symbolize

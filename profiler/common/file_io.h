// Reading a whole file into memory, the one way every reader of the project does it.
// Errors name the step and the path: "open PATH: reason", "read PATH: reason" (a directory is
// "read PATH: Is a directory").
#pragma once

#include <string>

#include "common/result.h"

namespace pprof {

// The file's bytes. On failure, `error_number` (if given) receives the errno behind it, for
// callers that word the message their own way.
Result<std::string> readFile(const std::string& path, int* error_number = nullptr);

}  // namespace pprof

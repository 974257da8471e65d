// Input format detection by content (never by file name) and the one entry point that reads
// any supported profile file.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "format/profile.h"

namespace pprof::formats {

enum class InputFormat { OutProf, Pprof, Collapsed, PerfScript, CProfile, Unknown };

const char* formatName(InputFormat format);

// Decides from the first bytes of a file (a few KiB is plenty): out.prof magic; gzip magic
// (pprof); Python marshal dict (cProfile); protobuf that parses as a profile.proto (raw pprof);
// text whose first sample line is a `perf script` header or "stack COUNT".
InputFormat detectFormat(std::string_view head);

// Parses `bytes` in whatever format they are in; the result passes checkValid. A gzip'ed
// text file (collapsed, perf script) is accepted too. `name` prefixes error messages.
Result<Profile> parseAnyProfile(std::string_view bytes, const std::string& name);

// Reads `path` and parses it with parseAnyProfile.
Result<Profile> readAnyProfile(const std::string& path);

}  // namespace pprof::formats

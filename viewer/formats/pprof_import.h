// pprof import: profile.proto bytes (gzip'ed or raw) -> the profile model.
//
// Built for hostile input: every length and id is checked, nothing is trusted, and any problem
// gives one error naming the input and the byte offset (in the uncompressed protobuf) of the
// field at fault, e.g. "x.pb.gz: pprof: location 7: unknown function id 12 at offset 3456".
//
// Mapping to the model: pprof mappings become modules with bias = memory_start - file_offset,
// owned by the process of the first sample that runs in them (pprof mappings belong to no
// process); locations keep ELF addresses (address - bias). Numeric labels "pid", "tid"
// and "timestamp_ns" and the string label "thread" are honored, and samples without them go to
// one synthetic process/thread (pid 0, tid 0). The value used is the first "nanoseconds"
// sample type (else the last one), converted to weights with the period.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "format/profile.h"

namespace pprof::formats {

// True if `bytes` looks like the start of a raw (uncompressed) profile.proto message.
bool looksLikeRawPprof(std::string_view head);

Result<Profile> parsePprof(std::string_view bytes, const std::string& name);

}  // namespace pprof::formats

// gzip framing for pprof files (zlib). Decompression is bounded so a hostile "zip bomb" ends in
// an error instead of exhausting memory.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace pprof::formats {

// True if `bytes` starts with the gzip magic 1f 8b.
bool isGzip(std::string_view bytes);

// gzip-compresses `bytes` (default level).
Result<std::string> gzipCompress(std::string_view bytes);

// Inflates a gzip stream (concatenated members allowed). Errors name `name` and the input
// offset where zlib gave up: "x.pb.gz: gzip: invalid block type at offset 10".
Result<std::string> gunzip(std::string_view bytes, const std::string& name,
                           size_t max_output = size_t{1} << 31);

}  // namespace pprof::formats

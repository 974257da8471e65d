// pprof export: the profile as Google's profile.proto (what `go tool pprof`, Pyroscope, Parca
// and Grafana read), normally gzip'ed.
//
// Sample types are [samples/count, cpu/nanoseconds] ("wall/nanoseconds" in wall mode; only the
// count when the period is unknown); each sample carries numeric labels pid and tid and a string
// label "thread". Locations hold runtime addresses (ELF address + module bias), one mapping per
// module, and the symbols we already have as Function/Line records (line[0] = innermost inlined
// callee), so pprof never needs the binaries. Samples with the same (stack, thread) are merged
// unless timestamps are kept, which keeps files small.
#pragma once

#include <string>

#include "common/result.h"
#include "format/profile.h"

namespace pprof::formats {

struct PprofExportOptions {
  bool gzip = true;
  // One pprof sample per profile sample with a numeric label "timestamp_ns" (relative to the
  // run's start). Off by default: it disables merging and makes files many times larger.
  bool timestamps = false;
  // A difference (pprof-stats --diff): samples of threads with an index below this are the
  // base's, written with negated values and the string label "pprof::base" = "true", as
  // `go tool pprof -diff_base` marks them, so that every tool sums NEW minus BASE.
  uint32_t base_threads = 0;
};

// Encodes a valid profile (checkValid) as profile.proto bytes.
Result<std::string> encodePprof(const Profile& profile, const PprofExportOptions& options = {});

}  // namespace pprof::formats

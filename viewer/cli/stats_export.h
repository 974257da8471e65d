// pprof-stats' export formats (--format collapsed|pprof|speedscope): the merged profile, limited
// to --pid/--tid, encoded by the writers in viewer/formats. cProfile data has no stacks, so it
// cannot be exported this way (an error, not an empty file).
#pragma once

#include <string>

#include "cli/stats_options.h"
#include "common/result.h"
#include "format/profile.h"

namespace pprof::cli {

Result<std::string> exportProfile(Profile profile, const StatsOptions& options);

}  // namespace pprof::cli

// `pprof-stats --diff BASE FILE...`: the two sides, each loaded, merged and prepared as for one
// profile, compared per function (compare/function_diff.h) and rendered as a table or JSON, or
// written as one pprof profile holding FILEs minus BASE.
#pragma once

#include <string>

#include "cli/stats_options.h"
#include "common/result.h"
#include "format/profile.h"

namespace pprof::cli {

Result<std::string> diffReport(Profile base, Profile next, const StatsOptions& options);

}  // namespace pprof::cli

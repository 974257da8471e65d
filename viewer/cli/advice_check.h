// `pprof-stats BASE... --advise --after NEW...`: the advisor's check of a change, each side
// loaded, merged and cut (--region, --frames, --strip-dirs) as for one profile, analysed for
// this machine's core count (analysis/parallelism_check.h) and rendered as text or JSON.
#pragma once

#include <string>

#include "cli/stats_options.h"
#include "format/profile.h"

namespace pprof::cli {

std::string adviceCheckReport(const Profile& base, const Profile& after, const StatsOptions& options);

}  // namespace pprof::cli

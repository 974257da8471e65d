// `pprof-stats --advise`: the parallelism analysis of a loaded profile for this machine's core
// count, over the threads and the window the options select (--pid, --tid, --from, --to, and
// --region's first to last range), rendered as text or JSON (render/advice_render.h).
#pragma once

#include <string>

#include "analysis/sample_filter.h"
#include "cli/stats_options.h"
#include "format/profile.h"

namespace pprof::cli {

// The samples the options select, as the advisor takes them.
analysis::SampleSelection adviceSelection(const Profile& profile, const StatsOptions& options);

std::string adviceReport(const Profile& profile, const StatsOptions& options);

}  // namespace pprof::cli

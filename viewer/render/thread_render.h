// `pprof-stats --threads`: the processes and threads of a StatsReport with their samples and
// CPU seconds, busiest first, as two aligned text tables.
#pragma once

#include <string>

#include "analysis/stats_report.h"

namespace pprof::render {

std::string renderThreads(const analysis::StatsReport& report);

}  // namespace pprof::render

// Everything `pprof-stats` shows for one profile, computed in one go from a query. Renderers
// (table, JSON) and the future HTTP layer take a StatsReport and never look at samples.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "analysis/function_order.h"
#include "analysis/function_table.h"
#include "analysis/run_summary.h"
#include "analysis/thread_table.h"
#include "format/profile.h"

namespace pprof::analysis {

struct StatsQuery {
  SortKey sort = SortKey::kSelf;
  std::optional<size_t> top;  // keep the first N functions after sorting
};

struct StatsReport {
  RunSummary run;
  std::vector<ThreadStats> threads;
  std::vector<FunctionStats> functions;  // sorted and restricted per the query
  size_t functions_before_limit = 0;     // for "List reduced from X to Y"
  StatsQuery query;
};

StatsReport buildStatsReport(const Profile& profile, const StatsQuery& query);

}  // namespace pprof::analysis

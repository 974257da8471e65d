// Everything `pprof-stats` shows for one profile, computed in one go from a query. Renderers
// (table, JSON) and the future HTTP layer take a StatsReport and never look at samples.
//
// Sampled profiles give rows from their stacks (function_table.h); deterministic ones (cProfile
// dumps, Profile::call_stats non-empty) from their call statistics (call_stats_table.h), and
// their samples, if any, are then ignored.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/call_listing.h"
#include "analysis/call_stats_table.h"
#include "analysis/function_order.h"
#include "analysis/function_table.h"
#include "analysis/process_table.h"
#include "analysis/restriction.h"
#include "analysis/run_summary.h"
#include "analysis/sample_totals.h"
#include "analysis/thread_table.h"
#include "common/result.h"
#include "format/profile.h"
#include "python/python_summary.h"

namespace pprof::analysis {

struct StatsQuery {
  std::vector<SortKey> sort = {SortKey::kTime};
  std::vector<Restriction> restrictions;  // applied in order after sorting, like pstats'
  Grouping grouping = Grouping::kFunction;
  SampleFilter filter;                    // --pid / --tid
  std::optional<Restriction> callers;     // --callers REGEX
  std::optional<Restriction> callees;     // --callees REGEX
};

struct StatsReport {
  RunSummary run;
  bool deterministic = false;            // rows come from call statistics (cProfile)
  CallStatsTotals call_totals;           // deterministic only
  std::vector<ThreadStats> threads;      // only those passing the filter
  std::vector<ProcessStats> processes;
  std::vector<FunctionStats> functions;  // sorted and restricted per the query
  size_t functions_before_limit = 0;
  std::vector<std::string> notes;        // "   List reduced from X to Y due to restriction <R>"
  std::string ordered_by;                // "internal time, function name"
  std::optional<CallListing> callers;
  std::optional<CallListing> callees;
  StatsQuery query;
  // Set by the caller that chose the frame view (python/frame_views.h); nullopt when no
  // process ran Python.
  std::optional<python::PythonSummary> python;
};

// Rejects queries the profile cannot answer, e.g. --by line on cProfile data (no stacks).
Status checkStatsQuery(const Profile& profile, const StatsQuery& query);

// Never fails; what checkStatsQuery rejects is ignored (cProfile data is listed by function,
// call listings need --by function).
StatsReport buildStatsReport(const Profile& profile, const StatsQuery& query);

}  // namespace pprof::analysis

#include "analysis/stats_report.h"

#include "analysis/frame_index.h"
#include "analysis/sample_totals.h"

namespace pprof::analysis {

StatsReport buildStatsReport(const Profile& profile, const StatsQuery& query) {
  const SampleTotals totals = sumSamples(profile);
  const FrameIndex frames = FrameIndex::build(profile);

  StatsReport report;
  report.query = query;
  report.run = summarizeRun(profile, totals);
  report.threads = threadTable(profile, totals);
  report.functions = functionTable(profile, frames, totals);
  report.functions_before_limit = report.functions.size();
  sortFunctions(report.functions, query.sort);
  limitFunctions(report.functions, query.top);
  return report;
}

}  // namespace pprof::analysis

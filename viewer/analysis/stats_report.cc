#include "analysis/stats_report.h"

#include <utility>

#include "analysis/frame_index.h"

namespace pprof::analysis {

Status checkStatsQuery(const Profile& profile, const StatsQuery& query) {
  if (!profile.call_stats.empty() && query.grouping != Grouping::kFunction)
    return Status::error("--by: cProfile data can only be listed by function (it has no stacks)");
  if (query.grouping != Grouping::kFunction && (query.callers || query.callees))
    return Status::error("--callers/--callees: only with --by function");
  return Status::ok();
}

StatsReport buildStatsReport(const Profile& profile, const StatsQuery& query) {
  const bool deterministic = !profile.call_stats.empty();
  const bool by_function = deterministic || query.grouping == Grouping::kFunction;

  const SampleTotals totals = sumSamples(profile, query.filter);
  const FrameIndex frames = FrameIndex::build(profile);

  StatsReport report;
  report.query = query;
  report.deterministic = deterministic;
  report.run = summarizeRun(profile, totals);
  report.threads = threadTable(profile, totals, query.filter);
  report.processes = processTable(profile, totals, query.filter);
  if (query.filter.active()) {  // the header counts what the filter kept
    report.run.threads = report.threads.size();
    report.run.processes = report.processes.size();
  }

  CallGraph graph;
  if (deterministic) {
    CallStatsTable table = callStatsTable(profile, frames);
    report.functions = std::move(table.rows);
    report.call_totals = table.totals;
    graph = std::move(table.graph);
  } else {
    report.functions = functionTable(profile, frames, totals, query.grouping);
    if (by_function && (query.callers || query.callees)) graph = sampledCallGraph(profile, frames, totals);
  }
  report.functions_before_limit = report.functions.size();
  sortFunctions(report.functions, query.sort);
  report.ordered_by = sortKeyDescription(query.sort);
  for (const Restriction& restriction : query.restrictions) {
    std::string note = restriction.apply(report.functions);
    if (!note.empty()) report.notes.push_back(std::move(note));
  }
  if (!by_function) return report;
  if (query.callers)
    report.callers = buildCallListing(true, report.functions, report.notes, *query.callers, graph, frames);
  if (query.callees)
    report.callees = buildCallListing(false, report.functions, report.notes, *query.callees, graph, frames);
  return report;
}

}  // namespace pprof::analysis

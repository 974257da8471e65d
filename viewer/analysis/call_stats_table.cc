#include "analysis/call_stats_table.h"

#include "analysis/function_label.h"

namespace pprof::analysis {
namespace {

void addEdge(EdgeStats& into, const EdgeStats& edge) {
  into.calls += edge.calls;
  into.primitive_calls += edge.primitive_calls;
  into.self_seconds += edge.self_seconds;
  into.total_seconds += edge.total_seconds;
}

// One entry's callers by frame: a caller seen twice in the same entry keeps the last value.
std::vector<EdgeStats> entryCallers(const CallStats& stats, const FrameIndex& frames) {
  std::vector<EdgeStats> edges;
  for (const CallerStats& c : stats.callers) {
    const uint32_t frame = frames.functionFrame(c.caller);
    if (frame == kNone) continue;
    EdgeStats edge{frame, c.calls, c.primitive_calls, c.self_seconds, c.total_seconds};
    bool replaced = false;
    for (EdgeStats& e : edges) {
      if (e.frame == frame) e = edge, replaced = true;
    }
    if (!replaced) edges.push_back(edge);
  }
  return edges;
}

void mergeCallers(std::vector<EdgeStats>& into, const std::vector<EdgeStats>& edges) {
  for (const EdgeStats& edge : edges) {
    bool added = false;
    for (EdgeStats& e : into) {
      if (e.frame == edge.frame) addEdge(e, edge), added = true;
    }
    if (!added) into.push_back(edge);
  }
}

FunctionStats makeRow(uint32_t frame_id, const Frame& frame) {
  FunctionStats row;
  row.frame = frame_id;
  row.name = frame.name;
  row.file = frame.file;
  row.line = frame.line;
  row.module = pathBasename(frame.module_path);
  row.label = pstatsLabel(rowLocation(row), row.line, row.name);
  row.calls = 0;
  row.primitive_calls = 0;
  return row;
}

}  // namespace

CallStatsTable callStatsTable(const Profile& profile, const FrameIndex& frames) {
  CallStatsTable table;
  table.graph.callers.resize(frames.frames().size());
  std::vector<uint32_t> row_of(frames.frames().size(), kNone);
  for (const CallStats& stats : profile.call_stats) {
    const uint32_t frame = frames.functionFrame(stats.function);
    if (frame == kNone) continue;
    if (row_of[frame] == kNone) {
      row_of[frame] = static_cast<uint32_t>(table.rows.size());
      table.rows.push_back(makeRow(frame, frames.frame(frame)));
    }
    FunctionStats& row = table.rows[row_of[frame]];
    *row.calls += stats.calls;
    *row.primitive_calls += stats.primitive_calls;
    row.self_seconds += stats.self_seconds;
    row.total_seconds += stats.total_seconds;
    mergeCallers(table.graph.callers[frame], entryCallers(stats, frames));
    table.totals.calls += stats.calls;
    table.totals.primitive_calls += stats.primitive_calls;
    table.totals.self_seconds += stats.self_seconds;
  }
  for (FunctionStats& row : table.rows) {
    row.self_percent = percentOf(row.self_seconds, table.totals.self_seconds);
    row.total_percent = percentOf(row.total_seconds, table.totals.self_seconds);
  }
  table.graph.indexCallees();
  return table;
}

}  // namespace pprof::analysis

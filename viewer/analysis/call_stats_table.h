// The function table and call graph of a deterministic profile (Profile::call_stats, from
// cProfile/pstats dumps), with pstats' semantics so the numbers print exactly as pstats does:
// entries of the same function (after merging several files or stripping directories) are
// added up in first-seen order, as pstats.Stats.add and strip_dirs do; within one entry a
// caller that appears twice keeps its last value (what strip_dirs does), across entries caller
// edges are added.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/call_graph.h"
#include "analysis/frame_index.h"
#include "analysis/function_table.h"
#include "format/profile.h"

namespace pprof::analysis {

struct CallStatsTotals {
  uint64_t calls = 0;            // pstats' total_calls
  uint64_t primitive_calls = 0;  // prim_calls
  double self_seconds = 0;       // total_tt: "in X seconds"
};

struct CallStatsTable {
  std::vector<FunctionStats> rows;  // pstats' dict order (first appearance)
  CallGraph graph;                  // by frame id, from the callers tables
  CallStatsTotals totals;
};

CallStatsTable callStatsTable(const Profile& profile, const FrameIndex& frames);

}  // namespace pprof::analysis

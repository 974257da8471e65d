// Caller -> callee edges between functions (frame ids of a FrameIndex), with pstats' numbers on
// each edge: nc/cc calls, tt (the callee's own time in calls from that caller) and ct (its time
// including what it called).
//
// For sampled profiles there are no calls: an edge's "calls" are the samples (weight) in which
// the caller directly calls the callee, counted once per sample; tt is the weight of those
// samples in which the callee is the leaf, ct all of them. Inline frames are expanded, so an
// inlined callee has its enclosing function as caller. Deterministic inputs (cProfile) fill the
// graph from their caller tables instead (call_stats_table.h).
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/frame_index.h"
#include "analysis/sample_totals.h"
#include "format/profile.h"

namespace pprof::analysis {

struct EdgeStats {
  uint32_t frame = 0;           // the other end of the edge
  uint64_t calls = 0;           // nc (sampled: weight)
  uint64_t primitive_calls = 0; // cc (sampled: weight)
  double self_seconds = 0;      // tt
  double total_seconds = 0;     // ct
};

struct CallGraph {
  // callers[f]: edges into frame f, one per caller frame, in first-seen order.
  std::vector<std::vector<EdgeStats>> callers;
  // callees[f]: edges out of frame f with the callee's numbers (as pstats' print_callees shows
  // them); filled from `callers` by indexCallees().
  std::vector<std::vector<EdgeStats>> callees;

  void indexCallees();
  const std::vector<EdgeStats>& calleesOf(uint32_t frame) const;
  const std::vector<EdgeStats>& callersOf(uint32_t frame) const;
  bool empty() const;
};

CallGraph sampledCallGraph(const Profile& profile, const FrameIndex& frames, const SampleTotals& totals);

}  // namespace pprof::analysis

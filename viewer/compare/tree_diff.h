// Two call trees over one frame table (analysis::FrameIndex::buildPair) laid over each other:
// the differential flame graph of `pprof-view --diff`. Every node of the NEW tree carries the
// weight the same call path had in BASE; call paths that BASE had and NEW lost ("gone") are
// added on demand, with NEW weight 0.
//
// The inputs are unpruned (cutoff 0; a depth limit and a zoom path or focus are applied by
// buildCallTree alike on both sides); the cutoff is applied here, to the union, so that a call
// path small in NEW but large in BASE is kept rather than folded away: a child stays when its
// NEW total reaches `cutoff` of NEW's root, or its BASE total reaches `cutoff` of BASE's root
// (gone children only when `show_gone`). A parent's dropped children become one kMergedFrame
// node carrying both sides' sums, so self + children still add up to the parent on the NEW
// side, and on the BASE side too when gone paths are shown (hidden, they are left out).
//
// Output is pre-order like CallTree's: children by NEW total descending, then BASE total
// descending (gone ones last), then frame id. Weights stay each side's own units (periods of
// its profile); the caller converts with each side's period.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/call_tree.h"

namespace pprof::compare {

struct DiffTreeNode {
  uint32_t parent = kNone;
  uint32_t frame = analysis::kRootFrame;
  uint32_t depth = 0;
  uint64_t self = 0, total = 0;            // NEW
  uint64_t base_self = 0, base_total = 0;  // BASE
};

struct DiffTree {
  std::vector<DiffTreeNode> nodes;  // pre-order, nodes[0] the root
  uint32_t full_size = 0;           // nodes of the union before the cutoff
  bool depth_truncated = false;     // either side dropped nodes below the depth limit
};

struct DiffTreeOptions {
  double cutoff = 0;       // fraction of each side's root total, in [0, 1]
  bool show_gone = false;  // keep call paths that only BASE has
};

DiffTree diffCallTrees(const analysis::CallTree& next, const analysis::CallTree& base,
                       const DiffTreeOptions& options = {});

}  // namespace pprof::compare

// The call tree that flame graphs, icicles and sunbursts draw: every distinct root-to-leaf path
// of the selected samples, aggregated, under one synthetic root. A node is keyed by (parent,
// function frame), so recursion keeps one node per depth as flame graphs show it; inline frames
// are expanded (frame_index.h) and appear as their own nodes below the function they were
// inlined into.
//
// Nodes come in pre-order: the root first, every node's children right after it (recursively)
// sorted by total weight descending (ties by frame id, so the order is deterministic). Parents
// therefore always precede children, which lets a client rebuild the tree from the parent
// column alone. Cost O(distinct stacks * depth), independent of the sample count.
//
// Restricting like a zoom or a sandwich view: `path` keeps only the stacks that begin with that
// root-first frame path (the tree then holds the path's chain and the zoomed node's subtree,
// and `cutoff` is a fraction of the zoomed node's total); `focus` re-roots every stack that
// contains the frame at its outermost occurrence, giving the merged subtree of everything the
// function calls (kCallees), or the inverted tree of the paths that lead to it (kCallers). Each
// sample still counts once, so a focus tree's total is the function's total time.
//
// Pruning like snakeviz's controls: `cutoff` drops subtrees whose total is below that fraction of
// the root's; a parent's dropped children become one kMergedFrame node (last among its
// children) so that self + children still sum to the parent's total. `max_depth` drops every
// node below that depth; a node at the limit then has a total larger than self + children.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "analysis/frame_index.h"
#include "analysis/sample_totals.h"
#include "format/profile.h"

namespace pprof::analysis {

constexpr uint32_t kRootFrame = kNone;        // the synthetic root's frame
constexpr uint32_t kMergedFrame = kNone - 1;  // the merge of a parent's pruned children

struct CallTreeNode {
  uint32_t parent = kNone;  // index into CallTree::nodes; kNone for the root
  uint32_t frame = kRootFrame;  // FrameIndex id, or kRootFrame / kMergedFrame
  uint32_t depth = 0;       // root 0, outermost frames 1
  uint64_t self = 0;        // weight of samples whose leaf is this node
  uint64_t total = 0;       // weight of samples passing through this node
};

enum class FocusDirection { kCallees, kCallers };

struct CallTreeOptions {
  double cutoff = 0;                   // fraction of the root's total, in [0, 1]
  std::optional<uint32_t> max_depth;   // deepest depth kept (root is 0)
  std::vector<uint32_t> path;          // root-first frame ids every kept stack begins with
  std::optional<uint32_t> focus;       // frame id to re-root the stacks at
  FocusDirection direction = FocusDirection::kCallees;
};

struct CallTree {
  std::vector<CallTreeNode> nodes;  // pre-order, nodes[0] is the root
  uint32_t full_size = 0;           // nodes before pruning, root included
  bool depth_truncated = false;     // some node was dropped by max_depth
};

CallTree buildCallTree(const Profile& profile, const FrameIndex& frames, const SampleTotals& totals,
                       const CallTreeOptions& options = {});

}  // namespace pprof::analysis

#include "analysis/call_tree.h"

#include <algorithm>
#include <cmath>
#include <span>

namespace pprof::analysis {
namespace {

// All weighted stacks as root-first frame paths in one flat array.
struct Paths {
  std::vector<uint32_t> frames;
  std::vector<uint32_t> begin;  // paths + 1 offsets into frames
  std::vector<uint64_t> weight;

  std::span<const uint32_t> path(size_t i) const {
    return {frames.data() + begin[i], frames.data() + begin[i + 1]};
  }
};

// The part of a root-first path that `options` keep, appended to `out`; false if none.
bool restrictPath(std::span<const uint32_t> path, const CallTreeOptions& options, std::vector<uint32_t>& out) {
  if (path.size() < options.path.size() || !std::equal(options.path.begin(), options.path.end(), path.begin())) {
    return false;
  }
  if (!options.focus) {
    out.insert(out.end(), path.begin(), path.end());
    return true;
  }
  const auto outermost = std::find(path.begin(), path.end(), *options.focus);
  if (outermost == path.end()) return false;
  if (options.direction == FocusDirection::kCallees) {
    out.insert(out.end(), outermost, path.end());
  } else {
    out.insert(out.end(), std::make_reverse_iterator(outermost + 1), path.rend());
  }
  return true;
}

Paths collectPaths(const Profile& profile, const FrameIndex& frames, const SampleTotals& totals,
                   const CallTreeOptions& options) {
  Paths paths;
  paths.begin.push_back(0);
  std::vector<FrameRef> expanded;
  std::vector<uint32_t> root_first;
  const size_t nstacks = std::min(profile.stacks.size(), totals.stack_weight.size());
  for (uint32_t stack = 0; stack < nstacks; ++stack) {
    if (totals.stack_weight[stack] == 0) continue;
    expanded.clear();
    frames.expandStack(profile, stack, expanded);
    root_first.clear();
    for (auto it = expanded.rbegin(); it != expanded.rend(); ++it) root_first.push_back(it->frame);
    if (!restrictPath(root_first, options, paths.frames)) continue;
    paths.begin.push_back(static_cast<uint32_t>(paths.frames.size()));
    paths.weight.push_back(totals.stack_weight[stack]);
  }
  return paths;
}

// Builds the unpruned tree without any (parent, frame) lookup: in lexicographic order, all
// paths sharing a prefix are adjacent, so where a path leaves its predecessor's prefix every
// node below is new (a lookup table was the cost of trees with millions of nodes).
std::vector<CallTreeNode> buildRawTree(const Paths& paths) {
  std::vector<uint32_t> order(paths.weight.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const auto pa = paths.path(a), pb = paths.path(b);
    return std::lexicographical_compare(pa.begin(), pa.end(), pb.begin(), pb.end());
  });
  std::vector<CallTreeNode> nodes(1);
  std::vector<uint32_t> prev_nodes;  // node of each depth along the previous path
  std::span<const uint32_t> prev;
  for (uint32_t index : order) {
    const std::span<const uint32_t> path = paths.path(index);
    const uint64_t weight = paths.weight[index];
    size_t common = 0;
    while (common < path.size() && common < prev.size() && path[common] == prev[common]) ++common;
    prev_nodes.resize(common);
    nodes[0].total += weight;
    uint32_t node = 0;
    for (size_t i = 0; i < path.size(); ++i) {
      if (i < common) {
        node = prev_nodes[i];
      } else {
        nodes.push_back({node, path[i], static_cast<uint32_t>(i + 1), 0, 0});
        node = static_cast<uint32_t>(nodes.size() - 1);
        prev_nodes.push_back(node);
      }
      nodes[node].total += weight;
    }
    nodes[node].self += weight;
    prev = path;
  }
  return nodes;
}

// Children of every raw node as ranges of one array, each range sorted for output.
struct ChildLists {
  std::vector<uint32_t> begin;  // nodes + 1 offsets
  std::vector<uint32_t> ids;
};

ChildLists sortedChildren(const std::vector<CallTreeNode>& nodes) {
  ChildLists lists;
  lists.begin.assign(nodes.size() + 1, 0);
  for (size_t i = 1; i < nodes.size(); ++i) ++lists.begin[nodes[i].parent + 1];
  for (size_t i = 1; i < lists.begin.size(); ++i) lists.begin[i] += lists.begin[i - 1];
  lists.ids.resize(nodes.size() > 0 ? nodes.size() - 1 : 0);
  std::vector<uint32_t> fill(lists.begin.begin(), lists.begin.end() - 1);
  for (uint32_t i = 1; i < nodes.size(); ++i) lists.ids[fill[nodes[i].parent]++] = i;
  for (size_t n = 0; n < nodes.size(); ++n) {
    std::sort(lists.ids.begin() + lists.begin[n], lists.ids.begin() + lists.begin[n + 1],
              [&](uint32_t a, uint32_t b) {
                if (nodes[a].total != nodes[b].total) return nodes[a].total > nodes[b].total;
                return nodes[a].frame < nodes[b].frame;
              });
  }
  return lists;
}

// Emits the kept nodes in pre-order, applying cutoff and depth.
CallTree prune(const std::vector<CallTreeNode>& raw, const CallTreeOptions& options) {
  const ChildLists children = sortedChildren(raw);
  const double threshold = std::max(0.0, options.cutoff) * static_cast<double>(raw[0].total);
  const uint32_t max_depth = options.max_depth.value_or(UINT32_MAX);
  CallTree tree;
  tree.full_size = static_cast<uint32_t>(raw.size());

  struct Pending {
    uint32_t raw;          // raw node id, or kNone for a merged node
    uint32_t parent;       // output index of the parent
    uint64_t merged = 0;   // weight of a merged node
  };
  std::vector<Pending> pending{{0, kNone}};
  while (!pending.empty()) {
    const Pending item = pending.back();
    pending.pop_back();
    const uint32_t index = static_cast<uint32_t>(tree.nodes.size());
    if (item.raw == kNone) {
      const uint32_t depth = tree.nodes[item.parent].depth + 1;
      tree.nodes.push_back({item.parent, kMergedFrame, depth, item.merged, item.merged});
      continue;
    }
    CallTreeNode node = raw[item.raw];
    node.parent = item.parent;
    tree.nodes.push_back(node);
    const uint32_t first = children.begin[item.raw], last = children.begin[item.raw + 1];
    if (first == last) continue;
    if (node.depth >= max_depth) {
      tree.depth_truncated = true;
      continue;
    }
    // Children sorted by total descending: the kept ones form a prefix.
    uint32_t kept = first;
    while (kept < last && static_cast<double>(raw[children.ids[kept]].total) >= threshold) ++kept;
    uint64_t merged = 0;
    for (uint32_t c = kept; c < last; ++c) merged += raw[children.ids[c]].total;
    if (merged > 0) pending.push_back({kNone, index, merged});
    for (uint32_t c = kept; c > first; --c) pending.push_back({children.ids[c - 1], index});
  }
  return tree;
}

}  // namespace

CallTree buildCallTree(const Profile& profile, const FrameIndex& frames, const SampleTotals& totals,
                       const CallTreeOptions& options) {
  return prune(buildRawTree(collectPaths(profile, frames, totals, options)), options);
}

}  // namespace pprof::analysis

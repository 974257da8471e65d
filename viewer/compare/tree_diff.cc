#include "compare/tree_diff.h"

#include <algorithm>
#include <unordered_map>

namespace pprof::compare {
namespace {

using analysis::CallTree;


// The union of both trees, children found by (parent, frame).
class UnionTree {
 public:
  explicit UnionTree(const CallTree& next) {
    nodes_.reserve(next.nodes.size());
    for (const analysis::CallTreeNode& n : next.nodes) {
      const auto id = static_cast<uint32_t>(nodes_.size());
      nodes_.push_back({n.parent, n.frame, n.depth, n.self, n.total, 0, 0});
      if (id > 0) children_.emplace(key(n.parent, n.frame), id);
    }
    if (nodes_.empty()) nodes_.emplace_back();
  }

  void add(const CallTree& base) {
    std::vector<uint32_t> at(base.nodes.size(), 0);  // base node -> union node
    for (size_t i = 0; i < base.nodes.size(); ++i) {
      const analysis::CallTreeNode& n = base.nodes[i];
      uint32_t id = 0;
      if (i > 0) {
        const uint32_t parent = at[n.parent];
        auto [it, inserted] = children_.try_emplace(key(parent, n.frame), static_cast<uint32_t>(nodes_.size()));
        if (inserted) nodes_.push_back({parent, n.frame, n.depth, 0, 0, 0, 0});
        id = it->second;
      }
      at[i] = id;
      nodes_[id].base_self += n.self;
      nodes_[id].base_total += n.total;
    }
  }

  const std::vector<DiffTreeNode>& nodes() const { return nodes_; }

 private:
  static uint64_t key(uint32_t parent, uint32_t frame) { return (uint64_t{parent} << 32) | frame; }

  std::vector<DiffTreeNode> nodes_;
  std::unordered_map<uint64_t, uint32_t> children_;
};

// Children of every node as ranges of one array, each in output order.
struct ChildLists {
  std::vector<uint32_t> begin;  // nodes + 1 offsets
  std::vector<uint32_t> ids;
};

ChildLists sortedChildren(const std::vector<DiffTreeNode>& nodes) {
  ChildLists lists;
  lists.begin.assign(nodes.size() + 1, 0);
  for (size_t i = 1; i < nodes.size(); ++i) ++lists.begin[nodes[i].parent + 1];
  for (size_t i = 1; i < lists.begin.size(); ++i) lists.begin[i] += lists.begin[i - 1];
  lists.ids.resize(nodes.size() - 1);
  std::vector<uint32_t> fill(lists.begin.begin(), lists.begin.end() - 1);
  for (uint32_t i = 1; i < nodes.size(); ++i) lists.ids[fill[nodes[i].parent]++] = i;
  for (size_t n = 0; n < nodes.size(); ++n) {
    std::sort(lists.ids.begin() + lists.begin[n], lists.ids.begin() + lists.begin[n + 1], [&](uint32_t a, uint32_t b) {
      const DiffTreeNode &x = nodes[a], &y = nodes[b];
      if (x.total != y.total) return x.total > y.total;
      if (x.base_total != y.base_total) return x.base_total > y.base_total;
      return x.frame < y.frame;
    });
  }
  return lists;
}

}  // namespace

DiffTree diffCallTrees(const CallTree& next, const CallTree& base, const DiffTreeOptions& options) {
  UnionTree united(next);
  united.add(base);
  const std::vector<DiffTreeNode>& all = united.nodes();
  const ChildLists children = sortedChildren(all);
  const double cutoff = std::max(0.0, options.cutoff);
  const double next_threshold = cutoff * static_cast<double>(all[0].total);
  const double base_threshold = cutoff * static_cast<double>(all[0].base_total);
  const auto kept = [&](const DiffTreeNode& n) {
    if (n.total == 0) return options.show_gone && n.base_total > 0 && n.base_total >= base_threshold;
    return n.total >= next_threshold || (n.base_total > 0 && n.base_total >= base_threshold);
  };

  DiffTree tree;
  tree.full_size = static_cast<uint32_t>(all.size());
  tree.depth_truncated = next.depth_truncated || base.depth_truncated;
  struct Pending {
    uint32_t node;  // union node, or kNone for a merged node
    uint32_t parent;
    DiffTreeNode merged{};
  };
  std::vector<Pending> pending{{0, kNone}};
  while (!pending.empty()) {
    Pending item = pending.back();
    pending.pop_back();
    const auto index = static_cast<uint32_t>(tree.nodes.size());
    if (item.node == kNone) {
      item.merged.parent = item.parent;
      item.merged.depth = tree.nodes[item.parent].depth + 1;
      tree.nodes.push_back(item.merged);
      continue;
    }
    DiffTreeNode node = all[item.node];
    node.parent = item.parent;
    tree.nodes.push_back(node);
    const uint32_t first = children.begin[item.node], last = children.begin[item.node + 1];
    DiffTreeNode merged{kNone, analysis::kMergedFrame, 0, 0, 0, 0, 0};
    std::vector<uint32_t> shown;
    for (uint32_t c = first; c < last; ++c) {
      const DiffTreeNode& child = all[children.ids[c]];
      if (kept(child)) {
        shown.push_back(children.ids[c]);
      } else if (child.total > 0 || options.show_gone) {
        merged.self += child.total, merged.total += child.total;
        merged.base_self += child.base_total, merged.base_total += child.base_total;
      }
    }
    if (merged.total > 0 || merged.base_total > 0) pending.push_back({kNone, index, merged});
    for (auto it = shown.rbegin(); it != shown.rend(); ++it) pending.push_back({*it, index});
  }
  return tree;
}

}  // namespace pprof::compare

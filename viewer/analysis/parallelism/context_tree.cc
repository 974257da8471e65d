#include "analysis/parallelism/context_tree.h"

#include <algorithm>

#include "format/profile.h"

namespace pprof::analysis::parallel {

void ContextUsage::add(const ContextUsage& o) {
  serial_ns += o.serial_ns, parallel_ns += o.parallel_ns, running_ns += o.running_ns, waiting_ns += o.waiting_ns;
  gil_ns += o.gil_ns, serial_gil_ns += o.serial_gil_ns, python_ns += o.python_ns, inlined_ns += o.inlined_ns;
  first_ns = std::min(first_ns, o.first_ns), last_ns = std::max(last_ns, o.last_ns);
}

ContextTree::ContextTree() { nodes_.push_back({kNone, kNone, 0, false, {}}); }

uint32_t ContextTree::child(uint32_t parent, uint32_t frame, bool inlined) {
  auto [it, added] = index_.try_emplace((uint64_t{parent} << 32) | frame, static_cast<uint32_t>(nodes_.size()));
  if (added) nodes_.push_back({frame, parent, nodes_[parent].depth + 1, inlined, {}});
  return it->second;
}

uint32_t ContextTree::find(uint32_t parent, uint32_t frame) const {
  auto it = index_.find((uint64_t{parent} << 32) | frame);
  return it == index_.end() ? kNone : it->second;
}

void ContextTree::finish() {
  // A node is created after its parent: one pass from the newest sums every subtree.
  for (size_t n = nodes_.size(); n-- > 1;) nodes_[nodes_[n].parent].usage.add(nodes_[n].usage);
  index_ = {};
  child_begin_.assign(nodes_.size() + 1, 0);
  for (uint32_t n = 1; n < nodes_.size(); ++n) ++child_begin_[nodes_[n].parent + 1];
  for (size_t n = 0; n < nodes_.size(); ++n) child_begin_[n + 1] += child_begin_[n];
  children_.assign(nodes_.size() > 0 ? nodes_.size() - 1 : 0, 0);
  std::vector<uint32_t> next(child_begin_.begin(), child_begin_.end() - 1);
  for (uint32_t n = 1; n < nodes_.size(); ++n) children_[next[nodes_[n].parent]++] = n;
  // Creation order depends on the samples' order; frame order makes walks reproducible.
  for (size_t n = 0; n < nodes_.size(); ++n) {
    std::sort(children_.begin() + child_begin_[n], children_.begin() + child_begin_[n + 1],
              [&](uint32_t a, uint32_t b) { return nodes_[a].frame < nodes_[b].frame; });
  }
}

std::vector<uint32_t> ContextTree::path(uint32_t node) const {
  std::vector<uint32_t> frames;
  for (; node != kRoot && node < nodes_.size(); node = nodes_[node].parent) frames.push_back(nodes_[node].frame);
  std::reverse(frames.begin(), frames.end());
  return frames;
}

}  // namespace pprof::analysis::parallel

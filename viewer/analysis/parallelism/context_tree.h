// The calling-context tree the advisor ranks: one node per distinct call path (frame ids from
// the root down), with the time of the samples whose path passes through it. A frame reached by
// two paths is two nodes, so a helper's serial and parallel callers stay apart; recursion makes
// one node per level, so no time is counted twice in a node.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace pprof::analysis::parallel {

// Nanoseconds of sample time, split the ways the advisor asks about.
struct ContextUsage {
  double serial_ns = 0;      // in serial bins
  double parallel_ns = 0;    // in parallel bins
  double running_ns = 0;     // on CPU (serial + parallel = running + waiting)
  double waiting_ns = 0;     // off CPU, waiting on the world (wall mode)
  double gil_ns = 0;         // on CPU holding the GIL
  double serial_gil_ns = 0;  // ... in serial bins
  double python_ns = 0;      // from threads that had a Python thread state
  double inlined_ns = 0;     // function rows: the part where the frame was inlined into its caller
  uint64_t first_ns = UINT64_MAX, last_ns = 0;  // the earliest and latest sample (run relative)

  double total() const { return serial_ns + parallel_ns; }
  void add(const ContextUsage& other);
};

class ContextTree {
 public:
  static constexpr uint32_t kRoot = 0;  // above every thread's outermost frame; has no frame

  ContextTree();
  // The node for `frame` called from `parent`, created on first use; `inlined`: the compiler
  // inlined the frame into its caller there (taken from the first path that reaches it).
  uint32_t child(uint32_t parent, uint32_t frame, bool inlined);
  // The existing node for `frame` called from `parent`, or kNone.
  uint32_t find(uint32_t parent, uint32_t frame) const;
  // Call once after the last child(), with each use's time added to its leaf node only: adds
  // every node's time to its ancestors (a node then holds its whole subtree's) and fills
  // children().
  void finish();

  size_t size() const { return nodes_.size(); }
  uint32_t frame(uint32_t node) const { return nodes_[node].frame; }
  uint32_t parent(uint32_t node) const { return nodes_[node].parent; }
  uint32_t depth(uint32_t node) const { return nodes_[node].depth; }  // kRoot 0, outermost frames 1
  bool inlined(uint32_t node) const { return nodes_[node].inlined; }
  ContextUsage& usage(uint32_t node) { return nodes_[node].usage; }
  const ContextUsage& usage(uint32_t node) const { return nodes_[node].usage; }
  std::span<const uint32_t> children(uint32_t node) const {
    return {children_.data() + child_begin_[node], children_.data() + child_begin_[node + 1]};
  }
  // Frame ids from the outermost frame down to `node`'s.
  std::vector<uint32_t> path(uint32_t node) const;

 private:
  struct Node {
    uint32_t frame;
    uint32_t parent;
    uint32_t depth;
    bool inlined;
    ContextUsage usage;
  };
  std::vector<Node> nodes_;
  std::unordered_map<uint64_t, uint32_t> index_;  // parent << 32 | frame -> node
  std::vector<uint32_t> children_;     // every node's children, by parent, each run by frame
  std::vector<uint32_t> child_begin_;  // nodes + 1 offsets into children_
};

}  // namespace pprof::analysis::parallel

#include "analysis/call_graph.h"

#include <algorithm>
#include <unordered_map>

namespace pprof::analysis {

namespace {
const std::vector<EdgeStats> kNoEdges;
}  // namespace

void CallGraph::indexCallees() {
  callees.assign(callers.size(), {});
  for (uint32_t callee = 0; callee < callers.size(); ++callee) {
    for (const EdgeStats& edge : callers[callee]) {
      if (edge.frame >= callees.size()) continue;
      EdgeStats reversed = edge;
      reversed.frame = callee;
      callees[edge.frame].push_back(reversed);
    }
  }
}

const std::vector<EdgeStats>& CallGraph::calleesOf(uint32_t frame) const {
  return frame < callees.size() ? callees[frame] : kNoEdges;
}

const std::vector<EdgeStats>& CallGraph::callersOf(uint32_t frame) const {
  return frame < callers.size() ? callers[frame] : kNoEdges;
}

bool CallGraph::empty() const {
  return std::all_of(callers.begin(), callers.end(), [](const auto& edges) { return edges.empty(); });
}

CallGraph sampledCallGraph(const Profile& profile, const FrameIndex& frames, const SampleTotals& totals) {
  struct Weights {
    uint64_t calls = 0, self = 0;
    uint32_t last_stack = 0;  // s + 1 once counted for stack s
  };
  std::unordered_map<uint64_t, Weights> edges;  // (caller << 32 | callee)
  std::vector<uint64_t> order;                  // first-seen order of the edges
  std::vector<FrameRef> expanded;

  for (uint32_t s = 0; s < totals.stack_weight.size() && s < profile.stacks.size(); ++s) {
    const uint64_t weight = totals.stack_weight[s];
    if (weight == 0) continue;
    expanded.clear();
    frames.expandStack(profile, s, expanded);
    for (size_t i = 0; i + 1 < expanded.size(); ++i) {
      const uint64_t key = (uint64_t{expanded[i + 1].frame} << 32) | expanded[i].frame;
      auto [it, inserted] = edges.try_emplace(key);
      if (inserted) order.push_back(key);
      if (i == 0) it->second.self += weight;
      if (it->second.last_stack == s + 1) continue;  // recursion: once per sample
      it->second.last_stack = s + 1;
      it->second.calls += weight;
    }
  }

  CallGraph graph;
  graph.callers.resize(frames.frames().size());
  for (uint64_t key : order) {
    const Weights& w = edges[key];
    EdgeStats edge{static_cast<uint32_t>(key >> 32), w.calls, w.calls,
                   weightSeconds(w.self, profile.meta.period_ns), weightSeconds(w.calls, profile.meta.period_ns)};
    graph.callers[static_cast<uint32_t>(key)].push_back(edge);
  }
  graph.indexCallees();
  return graph;
}

}  // namespace pprof::analysis

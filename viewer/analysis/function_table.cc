#include "analysis/function_table.h"

namespace pprof::analysis {
namespace {

double percentOf(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

FunctionStats makeRow(uint32_t id, const Frame& frame, uint64_t self, uint64_t total,
                      const Profile& profile, const SampleTotals& totals) {
  FunctionStats row;
  row.frame = id;
  row.name = frame.name;
  row.file = frame.file;
  row.line = frame.line;
  row.module = pathBasename(frame.module_path);
  row.self_samples = self;
  row.total_samples = total;
  row.self_seconds = weightSeconds(self, profile.meta.period_ns);
  row.total_seconds = weightSeconds(total, profile.meta.period_ns);
  row.self_percent = percentOf(self, totals.weight);
  row.total_percent = percentOf(total, totals.weight);
  return row;
}

}  // namespace

std::vector<FunctionStats> functionTable(const Profile& profile, const FrameIndex& frames,
                                         const SampleTotals& totals) {
  const size_t nframes = frames.frames().size();
  std::vector<uint64_t> self(nframes, 0), total(nframes, 0);
  // last_stack[f] == s + 1 marks f as already counted for stack s: recursion counts once.
  std::vector<uint32_t> last_stack(nframes, 0);

  for (uint32_t s = 0; s < totals.stack_weight.size() && s < profile.stacks.size(); ++s) {
    const uint64_t weight = totals.stack_weight[s];
    if (weight == 0) continue;
    bool leaf = true;
    for (uint32_t location : profile.stacks[s].locations) {
      for (const FrameRef& ref : frames.locationFrames(location)) {
        if (leaf) self[ref.frame] += weight;
        leaf = false;
        if (last_stack[ref.frame] == s + 1) continue;
        last_stack[ref.frame] = s + 1;
        total[ref.frame] += weight;
      }
    }
  }

  std::vector<FunctionStats> rows;
  for (uint32_t f = 0; f < nframes; ++f) {
    if (total[f] == 0) continue;
    rows.push_back(makeRow(f, frames.frame(f), self[f], total[f], profile, totals));
  }
  return rows;
}

}  // namespace pprof::analysis

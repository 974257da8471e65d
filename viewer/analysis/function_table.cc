#include "analysis/function_table.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "analysis/function_label.h"

namespace pprof::analysis {
namespace {

// Maps (frame, line) references to dense row ids for the chosen grouping, remembering one
// representative reference per row.
class RowKeys {
 public:
  RowKeys(const FrameIndex& frames, Grouping grouping) : frames_(frames), grouping_(grouping) {
    if (grouping == Grouping::kFunction) return;
    per_frame_.assign(frames.frames().size(), kNone);
  }

  uint32_t rowOf(const FrameRef& ref) {
    switch (grouping_) {
      case Grouping::kFunction: return ref.frame;
      case Grouping::kLine: return intern((uint64_t{ref.frame} << 32) | ref.line, ref);
      case Grouping::kFile:
      case Grouping::kModule: {
        uint32_t& cached = per_frame_[ref.frame];
        if (cached == kNone) cached = intern(groupName(ref.frame), ref);
        return cached;
      }
    }
    return ref.frame;
  }
  size_t size() const { return grouping_ == Grouping::kFunction ? frames_.frames().size() : refs_.size(); }
  FrameRef representative(uint32_t row) const {
    return grouping_ == Grouping::kFunction ? FrameRef{row, 0} : refs_[row];
  }

 private:
  std::string groupName(uint32_t frame) const {
    const Frame& f = frames_.frame(frame);
    if (grouping_ == Grouping::kModule && f.language == Language::kPython) return "py:" + f.file;
    return grouping_ == Grouping::kFile ? f.file : "so:" + f.module_path;
  }
  template <typename Key>
  uint32_t intern(const Key& key, const FrameRef& ref) {
    auto& ids = ids_of(key);
    auto [it, inserted] = ids.try_emplace(key, static_cast<uint32_t>(refs_.size()));
    if (inserted) refs_.push_back(ref);
    return it->second;
  }
  std::unordered_map<uint64_t, uint32_t>& ids_of(uint64_t) { return line_ids_; }
  std::unordered_map<std::string, uint32_t>& ids_of(const std::string&) { return name_ids_; }

  const FrameIndex& frames_;
  Grouping grouping_;
  std::vector<uint32_t> per_frame_;
  std::vector<FrameRef> refs_;
  std::unordered_map<uint64_t, uint32_t> line_ids_;
  std::unordered_map<std::string, uint32_t> name_ids_;
};

FunctionStats makeRow(const FrameRef& ref, Grouping grouping, uint64_t self, uint64_t total,
                      const Profile& profile, const FrameIndex& frames, const SampleTotals& totals) {
  const Frame& frame = frames.frame(ref.frame);
  FunctionStats row;
  row.frame = ref.frame;
  row.name = frame.name;
  row.file = frame.file;
  row.line = grouping == Grouping::kLine ? ref.line : frame.line;
  row.module = pathBasename(frame.module_path);
  if (grouping == Grouping::kFile || grouping == Grouping::kModule) {
    row.name = "*";
    row.line = 0;
    if (grouping == Grouping::kModule) row.file = frame.language == Language::kPython ? frame.file : frame.module_path;
    if (row.file.empty()) {  // one row for everything without a file (module)
      row.module.clear();
      row.name = grouping == Grouping::kFile ? "<unknown file>" : "<unknown module>";
    }
  }
  row.language = frame.language;
  row.label = pstatsLabel(rowLocation(row), row.line, row.name);
  row.self_samples = self;
  row.total_samples = total;
  row.self_seconds = weightSeconds(self, profile.meta.period_ns);
  row.total_seconds = weightSeconds(total, profile.meta.period_ns);
  row.self_percent = percentOf(static_cast<double>(self), static_cast<double>(totals.weight));
  row.total_percent = percentOf(static_cast<double>(total), static_cast<double>(totals.weight));
  return row;
}

}  // namespace

double percentOf(double part, double whole) { return whole == 0 ? 0.0 : 100.0 * part / whole; }

std::string rowLocation(const FunctionStats& row) { return labelWhere(row.file, row.module); }

std::vector<FunctionStats> functionTable(const Profile& profile, const FrameIndex& frames,
                                         const SampleTotals& totals, Grouping grouping) {
  RowKeys keys(frames, grouping);
  std::vector<uint64_t> self, total, python_cpu, gil;
  // last_stack[r] == s + 1 marks row r as already counted for stack s: recursion counts once.
  std::vector<uint32_t> last_stack;
  const bool python = !totals.stack_python_cpu_weight.empty();

  for (uint32_t s = 0; s < totals.stack_weight.size() && s < profile.stacks.size(); ++s) {
    const uint64_t weight = totals.stack_weight[s];
    if (weight == 0) continue;
    bool leaf = true;
    for (uint32_t location : profile.stacks[s].locations) {
      for (const FrameRef& ref : frames.locationFrames(location)) {
        const uint32_t row = keys.rowOf(ref);
        if (row >= total.size()) {
          const size_t n = std::max<size_t>(keys.size(), row + 1);
          self.resize(n, 0), total.resize(n, 0), last_stack.resize(n, 0);
          if (python) python_cpu.resize(n, 0), gil.resize(n, 0);
        }
        if (leaf) self[row] += weight;
        leaf = false;
        if (last_stack[row] == s + 1) continue;
        last_stack[row] = s + 1;
        total[row] += weight;
        if (python) python_cpu[row] += totals.stack_python_cpu_weight[s], gil[row] += totals.stack_gil_weight[s];
      }
    }
  }

  std::vector<FunctionStats> rows;
  for (uint32_t r = 0; r < total.size(); ++r) {
    if (total[r] == 0) continue;
    rows.push_back(makeRow(keys.representative(r), grouping, self[r], total[r], profile, frames, totals));
    if (python && python_cpu[r] != 0)
      rows.back().gil_percent = percentOf(static_cast<double>(gil[r]), static_cast<double>(python_cpu[r]));
  }
  std::sort(rows.begin(), rows.end(), [](const FunctionStats& a, const FunctionStats& b) {
    return std::tie(a.name, a.file, a.line, a.module, a.frame) < std::tie(b.name, b.file, b.line, b.module, b.frame);
  });
  return rows;
}

}  // namespace pprof::analysis

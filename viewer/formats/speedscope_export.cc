#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "formats/frame_names.h"
#include "formats/speedscope.h"

namespace pprof::formats {
namespace {

using nlohmann::json;

constexpr const char* kSchema = "https://www.speedscope.app/file-format-schema.json";

// Shared frames, created on first use; functions are keyed by index, unsymbolized locations by
// their name (so two locations of one unknown region stay one frame).
class FrameTable {
 public:
  explicit FrameTable(const Profile& p) : p_(p), by_function_(p.functions.size(), -1) {}

  const std::vector<int64_t>& stackFrames(uint32_t stack) {
    auto [it, added] = by_stack_.try_emplace(stack);
    if (added) {
      framesRootFirst(p_, p_.stacks[stack], scratch_);
      for (const FrameRef& f : scratch_) it->second.push_back(indexOf(f));
    }
    return it->second;
  }
  json take() { return std::move(frames_); }

 private:
  int64_t indexOf(const FrameRef& f) {
    if (f.function != kNone) {
      int64_t& index = by_function_[f.function];
      if (index < 0) index = add(p_.functions[f.function]);
      return index;
    }
    std::string name = frameName(p_, f);
    auto [it, added] = by_name_.try_emplace(name, static_cast<int64_t>(frames_.size()));
    if (added) frames_.push_back({{"name", name}});
    return it->second;
  }
  int64_t add(const Function& f) {
    json frame = {{"name", f.name.empty() ? std::string("[unknown]") : f.name}};
    if (!f.file.empty()) frame["file"] = f.file;
    if (f.start_line) frame["line"] = f.start_line;
    frames_.push_back(std::move(frame));
    return static_cast<int64_t>(frames_.size() - 1);
  }

  const Profile& p_;
  json frames_ = json::array();
  std::vector<int64_t> by_function_;
  std::unordered_map<std::string, int64_t> by_name_;
  std::unordered_map<uint32_t, std::vector<int64_t>> by_stack_;
  std::vector<FrameRef> scratch_;
};

std::string threadTitle(const Profile& p, const Thread& t) {
  std::string title = t.name.empty() ? "thread" : t.name;
  title += " (tid " + std::to_string(t.tid);
  if (t.process < p.processes.size()) title += ", pid " + std::to_string(p.processes[t.process].pid);
  return title + ")";
}

json threadProfile(const Profile& p, uint32_t thread, const std::vector<uint32_t>& samples, FrameTable& frames,
                   uint64_t& total) {
  const bool timed = p.meta.period_ns != 0;
  json stacks = json::array(), weights = json::array();
  total = 0;
  for (uint32_t i : samples) {
    const Sample& s = p.samples[i];
    uint64_t weight = timed ? uint64_t{s.weight} * p.meta.period_ns : s.weight;
    stacks.push_back(frames.stackFrames(s.stack));
    weights.push_back(weight);
    total += weight;
  }
  uint64_t start = timed && !samples.empty() ? p.samples[samples.front()].timestamp_ns : 0;
  return {{"type", "sampled"},
          {"name", threadTitle(p, p.threads[thread])},
          {"unit", timed ? "nanoseconds" : "none"},
          {"startValue", start},
          {"endValue", start + total},
          {"samples", std::move(stacks)},
          {"weights", std::move(weights)}};
}

}  // namespace

std::string encodeSpeedscope(const Profile& p, const std::string& name) {
  std::vector<std::vector<uint32_t>> by_thread(p.threads.size());
  for (uint32_t i = 0; i < p.samples.size(); ++i) by_thread[p.samples[i].thread].push_back(i);
  FrameTable frames(p);
  json profiles = json::array();
  uint64_t heaviest = 0;
  size_t active = 0;
  for (uint32_t t = 0; t < by_thread.size(); ++t) {
    std::vector<uint32_t>& samples = by_thread[t];
    if (samples.empty()) continue;
    std::stable_sort(samples.begin(), samples.end(), [&](uint32_t a, uint32_t b) {
      return p.samples[a].timestamp_ns < p.samples[b].timestamp_ns;
    });
    uint64_t total = 0;
    profiles.push_back(threadProfile(p, t, samples, frames, total));
    if (total > heaviest) heaviest = total, active = profiles.size() - 1;
  }
  json file = {{"$schema", kSchema},
               {"shared", {{"frames", frames.take()}}},
               {"profiles", std::move(profiles)},
               {"name", name},
               {"activeProfileIndex", active},
               {"exporter", "pprof"}};
  // Names come from binaries and may hold invalid UTF-8; replace rather than throw.
  return file.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace pprof::formats

#include "analysis/merge_profiles.h"

#include <algorithm>
#include <numeric>

namespace pprof::analysis {
namespace {

uint32_t shifted(uint32_t id, size_t offset) { return id == kNone ? kNone : static_cast<uint32_t>(id + offset); }

// The period all weights are expressed in: gcd of the known periods (0 if none is known).
uint64_t commonPeriod(const std::vector<Profile>& inputs) {
  uint64_t period = 0;
  for (const Profile& p : inputs) period = std::gcd(period, p.meta.period_ns);
  return period;
}

// Whether the inputs go on one time axis by their wall-clock starts: every one has a start and
// some sample timestamps (cProfile dumps, collapsed stacks and most pprof files have none;
// those keep their own times, laid over each other, and their durations add up).
bool alignable(const std::vector<Profile>& inputs) {
  for (const Profile& p : inputs) {
    if (p.meta.start_realtime_ns == 0) return false;
    if (std::none_of(p.samples.begin(), p.samples.end(), [](const Sample& s) { return s.timestamp_ns != 0; }))
      return false;
  }
  return true;
}

// Moves every time of `p` (relative to its own start) later by `shift_ns`.
void shiftTimes(Profile& p, uint64_t shift_ns) {
  if (shift_ns == 0) return;
  for (Sample& s : p.samples) s.timestamp_ns += shift_ns;
  for (Thread& t : p.threads) t.start_ns += shift_ns, t.end_ns += shift_ns;
  for (Process& q : p.processes) q.start_ns += shift_ns, q.end_ns += shift_ns;
  for (Region& r : p.regions) r.start_ns += shift_ns, r.end_ns += shift_ns;
}

void mergeMeta(Meta& into, const Meta& from, bool first, bool aligned) {
  if (first) {
    uint64_t period = into.period_ns;
    into = from;
    into.period_ns = period;
    return;
  }
  if (into.frequency_hz != from.frequency_hz) into.frequency_hz = 0;  // no single rate
  if (into.host != from.host || into.boot_id != from.boot_id) into.host.clear(), into.boot_id.clear();
  if (!aligned) into.duration_ns += from.duration_ns;
  into.lost_samples += from.lost_samples;
  into.truncated_stacks += from.truncated_stacks;
  into.complete = into.complete && from.complete;
  if (from.start_realtime_ns != 0 && (into.start_realtime_ns == 0 || from.start_realtime_ns < into.start_realtime_ns))
    into.start_realtime_ns = from.start_realtime_ns;
}

struct Offsets {
  size_t processes, threads, modules, functions, locations, stacks;
};

Status appendProfile(Profile& into, Profile& from, uint64_t period, size_t index) {
  const Offsets o{into.processes.size(), into.threads.size(), into.modules.size(),
                  into.functions.size(), into.locations.size(), into.stacks.size()};
  for (Process& p : from.processes) {
    p.parent = shifted(p.parent, o.processes);
    if (p.host.empty()) p.host = from.meta.host;
    into.processes.push_back(std::move(p));
  }
  for (Thread& t : from.threads) t.process = shifted(t.process, o.processes), into.threads.push_back(std::move(t));
  for (Module& m : from.modules) m.process = shifted(m.process, o.processes), into.modules.push_back(std::move(m));
  for (Function& f : from.functions) f.module = shifted(f.module, o.modules), into.functions.push_back(std::move(f));
  for (Location& l : from.locations) {
    l.module = shifted(l.module, o.modules);
    for (Line& line : l.lines) line.function = shifted(line.function, o.functions);
    into.locations.push_back(std::move(l));
  }
  for (Stack& s : from.stacks) {
    for (uint32_t& loc : s.locations) loc = shifted(loc, o.locations);
    into.stacks.push_back(std::move(s));
  }
  const uint64_t scale = period == 0 || from.meta.period_ns == 0 ? 1 : from.meta.period_ns / period;
  into.samples.reserve(into.samples.size() + from.samples.size());
  for (Sample s : from.samples) {
    if (uint64_t{s.weight} * scale > UINT32_MAX)
      return Status::error("input " + std::to_string(index + 1) + ": sample weight overflows after rescaling to a " +
                           std::to_string(period) + " ns period");
    s.weight = static_cast<uint32_t>(s.weight * scale);
    s.stack = shifted(s.stack, o.stacks);
    s.thread = shifted(s.thread, o.threads);
    into.samples.push_back(s);
  }
  for (Region& r : from.regions) r.thread = shifted(r.thread, o.threads), into.regions.push_back(std::move(r));
  for (CallStats& c : from.call_stats) {
    c.function = shifted(c.function, o.functions);
    for (CallerStats& e : c.callers) e.caller = shifted(e.caller, o.functions);
    into.call_stats.push_back(std::move(c));
  }
  return Status::ok();
}

}  // namespace

Result<Profile> mergeProfiles(std::vector<Profile> inputs) {
  if (inputs.size() == 1) return std::move(inputs.front());
  Profile merged;
  merged.meta.period_ns = commonPeriod(inputs);
  const bool aligned = alignable(inputs);
  uint64_t earliest = UINT64_MAX, end = 0;
  for (const Profile& p : inputs) earliest = std::min(earliest, p.meta.start_realtime_ns);
  for (size_t i = 0; i < inputs.size(); ++i) {
    mergeMeta(merged.meta, inputs[i].meta, i == 0, aligned);
    if (aligned) {
      const uint64_t shift = inputs[i].meta.start_realtime_ns - earliest;
      shiftTimes(inputs[i], shift);
      end = std::max(end, shift + inputs[i].meta.duration_ns);
    }
    Status status = appendProfile(merged, inputs[i], merged.meta.period_ns, i);
    if (!status) return status;
  }
  if (aligned) merged.meta.duration_ns = end;  // first start to last end, on one axis
  return merged;
}

}  // namespace pprof::analysis

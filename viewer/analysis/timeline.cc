#include "analysis/timeline.h"

#include <algorithm>

#include "wire/wire.h"

namespace pprof::analysis {
namespace {

uint64_t windowEnd(const Profile& profile, const SampleSelection& selection) {
  if (selection.to_ns) return *selection.to_ns;
  uint64_t end = profile.meta.duration_ns;
  for (const Sample& sample : profile.samples) end = std::max(end, sample.timestamp_ns + 1);
  return end;
}

}  // namespace

Timeline buildTimeline(const Profile& profile, const SampleSelection& selection, uint32_t bins) {
  Timeline timeline;
  timeline.bins = std::max<uint32_t>(bins, 1);
  timeline.start_ns = selection.from_ns;
  timeline.end_ns = std::max(windowEnd(profile, selection), timeline.start_ns + 1);
  const uint64_t span = timeline.end_ns - timeline.start_ns;
  timeline.bin_ns = std::max<uint64_t>(1, span / timeline.bins + (span % timeline.bins != 0));

  const std::vector<bool> thread_ok = selectedThreads(profile, selection);
  const bool wall_mode = profile.meta.mode == "wall";
  std::vector<uint32_t> slot(profile.threads.size(), kNone);  // thread id -> timeline index
  for (const Sample& sample : profile.samples) {
    if (sample.thread >= thread_ok.size() || !thread_ok[sample.thread]) continue;
    if (sample.timestamp_ns < timeline.start_ns || sample.timestamp_ns >= timeline.end_ns) continue;
    uint32_t& index = slot[sample.thread];
    if (index == kNone) {
      index = static_cast<uint32_t>(timeline.threads.size());
      ThreadTimeline row;
      row.thread = sample.thread;
      row.cpu.assign(timeline.bins, 0);
      row.idle.assign(timeline.bins, 0);
      timeline.threads.push_back(std::move(row));
    }
    ThreadTimeline& row = timeline.threads[index];
    const uint64_t bin = std::min<uint64_t>((sample.timestamp_ns - timeline.start_ns) / timeline.bin_ns,
                                            timeline.bins - 1);
    if (!countsAsCpu(sample, wall_mode)) {
      row.idle[bin] += sample.weight;
      row.idle_total += sample.weight;
    } else {
      row.cpu[bin] += sample.weight;
      row.cpu_total += sample.weight;
      if ((sample.flags & wire::kSamplePython) != 0) {
        if (row.python.empty()) {
          row.python.assign(timeline.bins, 0);
          row.gil.assign(timeline.bins, 0);
        }
        row.python[bin] += sample.weight;
        if ((sample.flags & wire::kSampleGil) != 0) row.gil[bin] += sample.weight;
      }
    }
  }
  std::sort(timeline.threads.begin(), timeline.threads.end(),
            [](const ThreadTimeline& a, const ThreadTimeline& b) { return a.thread < b.thread; });
  return timeline;
}

}  // namespace pprof::analysis

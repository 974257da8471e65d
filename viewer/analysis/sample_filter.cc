#include "analysis/sample_filter.h"

namespace pprof::analysis {

std::vector<bool> selectedThreads(const Profile& profile, const SampleSelection& selection) {
  const size_t nthreads = profile.threads.size();
  std::vector<bool> selected(nthreads, !selection.threads.has_value());
  if (selection.threads) {
    for (uint32_t id : *selection.threads) {
      if (id < nthreads) selected[id] = true;
    }
  }
  if (selection.pid) {
    const SampleFilter in_process{selection.pid, std::nullopt};
    for (uint32_t t = 0; t < nthreads; ++t) {
      if (!threadMatches(profile, t, in_process)) selected[t] = false;
    }
  }
  return selected;
}

bool inTimeRange(const SampleSelection& selection, uint64_t timestamp_ns) {
  return timestamp_ns >= selection.from_ns && (!selection.to_ns || timestamp_ns < *selection.to_ns);
}

void keepTimeRange(Profile& profile, uint64_t from_ns, std::optional<uint64_t> to_ns) {
  SampleSelection range;
  range.from_ns = from_ns, range.to_ns = to_ns;
  std::erase_if(profile.samples, [&](const Sample& s) { return !inTimeRange(range, s.timestamp_ns); });
}

SampleTotals selectSamples(const Profile& profile, const SampleSelection& selection) {
  const bool by_thread = selection.threads || selection.pid;
  const std::vector<bool> thread_ok = selectedThreads(profile, selection);
  return sumSamplesIf(profile, [&](const Sample& s) {
    if (by_thread && (s.thread >= thread_ok.size() || !thread_ok[s.thread])) return false;
    return inTimeRange(selection, s.timestamp_ns);
  });
}

}  // namespace pprof::analysis

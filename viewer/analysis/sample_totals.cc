#include "analysis/sample_totals.h"

namespace pprof::analysis {
namespace {

// Per thread id: whether the thread passes `filter`.
std::vector<bool> matchingThreads(const Profile& profile, const SampleFilter& filter) {
  std::vector<bool> matching;
  matching.reserve(profile.threads.size());
  for (uint32_t t = 0; t < profile.threads.size(); ++t) matching.push_back(threadMatches(profile, t, filter));
  return matching;
}

}  // namespace

bool threadMatches(const Profile& profile, uint32_t thread, const SampleFilter& filter) {
  if (!filter.active()) return true;
  if (thread >= profile.threads.size()) return false;
  const Thread& t = profile.threads[thread];
  if (filter.tid && t.tid != *filter.tid) return false;
  if (filter.host && hostOf(profile, t.process) != *filter.host) return false;
  if (!filter.pid) return true;
  return t.process < profile.processes.size() && profile.processes[t.process].pid == *filter.pid;
}

void keepMatchingSamples(Profile& profile, const SampleFilter& filter) {
  if (!filter.active()) return;
  const std::vector<bool> keep = matchingThreads(profile, filter);
  std::erase_if(profile.samples, [&](const Sample& s) { return s.thread >= keep.size() || !keep[s.thread]; });
}

SampleTotals sumSamples(const Profile& profile, const SampleFilter& filter) {
  if (!filter.active()) return sumSamplesIf(profile, [](const Sample&) { return true; });
  const std::vector<bool> matching = matchingThreads(profile, filter);
  return sumSamplesIf(profile, [&](const Sample& s) { return s.thread < matching.size() && matching[s.thread]; });
}

double weightSeconds(uint64_t weight, uint64_t period_ns) {
  return static_cast<double>(weight) * static_cast<double>(period_ns) / 1e9;
}

}  // namespace pprof::analysis

#include "analysis/sample_totals.h"

#include "wire/wire.h"

namespace pprof::analysis {

bool threadMatches(const Profile& profile, uint32_t thread, const SampleFilter& filter) {
  if (!filter.active()) return true;
  if (thread >= profile.threads.size()) return false;
  const Thread& t = profile.threads[thread];
  if (filter.tid && t.tid != *filter.tid) return false;
  if (!filter.pid) return true;
  return t.process < profile.processes.size() && profile.processes[t.process].pid == *filter.pid;
}

void keepMatchingSamples(Profile& profile, const SampleFilter& filter) {
  if (!filter.active()) return;
  std::vector<bool> keep;
  for (uint32_t t = 0; t < profile.threads.size(); ++t) keep.push_back(threadMatches(profile, t, filter));
  std::erase_if(profile.samples, [&](const Sample& s) { return s.thread >= keep.size() || !keep[s.thread]; });
}

SampleTotals sumSamples(const Profile& profile, const SampleFilter& filter) {
  SampleTotals totals;
  totals.stack_weight.assign(profile.stacks.size(), 0);
  totals.thread_weight.assign(profile.threads.size(), 0);
  totals.thread_cpu_weight.assign(profile.threads.size(), 0);
  const bool wall_mode = profile.meta.mode == "wall";
  const size_t nstacks = profile.stacks.size();
  const size_t nthreads = profile.threads.size();
  std::vector<bool> thread_ok;
  if (filter.active()) {
    for (uint32_t t = 0; t < nthreads; ++t) thread_ok.push_back(threadMatches(profile, t, filter));
  }

  for (const Sample& sample : profile.samples) {
    if (filter.active() && (sample.thread >= nthreads || !thread_ok[sample.thread])) continue;
    ++totals.records;
    const uint64_t weight = sample.weight;
    const bool on_cpu = !(wall_mode && (sample.flags & wire::kSampleIdle));
    totals.weight += weight;
    if (on_cpu) totals.cpu_weight += weight;
    // Out-of-range ids only come from a damaged profile; they still count in the totals.
    if (sample.stack < nstacks) totals.stack_weight[sample.stack] += weight;
    if (sample.thread < nthreads) {
      totals.thread_weight[sample.thread] += weight;
      if (on_cpu) totals.thread_cpu_weight[sample.thread] += weight;
    }
  }
  return totals;
}

double weightSeconds(uint64_t weight, uint64_t period_ns) {
  return static_cast<double>(weight) * static_cast<double>(period_ns) / 1e9;
}

}  // namespace pprof::analysis

#include "analysis/sample_totals.h"

#include "wire/wire.h"

namespace pprof::analysis {

SampleTotals sumSamples(const Profile& profile) {
  SampleTotals totals;
  totals.stack_weight.assign(profile.stacks.size(), 0);
  totals.thread_weight.assign(profile.threads.size(), 0);
  totals.thread_cpu_weight.assign(profile.threads.size(), 0);
  const bool wall_mode = profile.meta.mode == "wall";
  const size_t nstacks = profile.stacks.size();
  const size_t nthreads = profile.threads.size();

  for (const Sample& sample : profile.samples) {
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

#include "analysis/sample_filter.h"

#include "wire/wire.h"

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
    for (size_t t = 0; t < nthreads; ++t) {
      const uint32_t process = profile.threads[t].process;
      const bool pid_ok = process < profile.processes.size() &&
                          profile.processes[process].pid == *selection.pid;
      if (!pid_ok) selected[t] = false;
    }
  }
  return selected;
}

bool inTimeRange(const SampleSelection& selection, uint64_t timestamp_ns) {
  return timestamp_ns >= selection.from_ns && (!selection.to_ns || timestamp_ns < *selection.to_ns);
}

SampleTotals selectSamples(const Profile& profile, const SampleSelection& selection) {
  SampleTotals totals;
  const size_t nstacks = profile.stacks.size();
  const size_t nthreads = profile.threads.size();
  totals.stack_weight.assign(nstacks, 0);
  totals.thread_weight.assign(nthreads, 0);
  totals.thread_cpu_weight.assign(nthreads, 0);
  const bool wall_mode = profile.meta.mode == "wall";
  const bool by_thread = selection.threads || selection.pid;
  const std::vector<bool> thread_ok = selectedThreads(profile, selection);

  for (const Sample& sample : profile.samples) {
    const bool thread_known = sample.thread < nthreads;
    if (by_thread && (!thread_known || !thread_ok[sample.thread])) continue;
    if (!inTimeRange(selection, sample.timestamp_ns)) continue;
    ++totals.records;
    const uint64_t weight = sample.weight;
    const bool on_cpu = !(wall_mode && (sample.flags & wire::kSampleIdle));
    totals.weight += weight;
    if (on_cpu) totals.cpu_weight += weight;
    if (sample.stack < nstacks) totals.stack_weight[sample.stack] += weight;
    if (thread_known) {
      totals.thread_weight[sample.thread] += weight;
      if (on_cpu) totals.thread_cpu_weight[sample.thread] += weight;
    }
  }
  return totals;
}

}  // namespace pprof::analysis

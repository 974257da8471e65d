// One pass over a profile's samples that sums their weights per stack and per thread. Every
// table is then computed from these sums, so the cost of analysis grows with the number of
// distinct stacks, not with the number of samples (1M samples over 10k stacks walk 10k stacks).
//
// Sample filters (process, thread) live here, the viewer's selections (sample_filter.h) sum
// through the same loop: a filtered SampleTotals feeds the same tables unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "format/profile.h"
#include "wire/wire.h"

namespace pprof::analysis {

struct SampleTotals {
  std::vector<uint64_t> stack_weight;       // per stack id: summed weight of its samples
  std::vector<uint64_t> thread_weight;      // per thread id: summed weight
  std::vector<uint64_t> thread_cpu_weight;  // per thread id: weight that counts as CPU time
  uint64_t weight = 0;                      // all samples
  uint64_t cpu_weight = 0;                  // samples that count as CPU time
  uint64_t records = 0;                     // number of sample records
  // Per stack id, only when some kept sample is flagged kSamplePython (else both empty): the
  // on-CPU weight of those samples, and the part of it with kSampleGil (the GIL held).
  std::vector<uint64_t> stack_python_cpu_weight;
  std::vector<uint64_t> stack_gil_weight;
};

// Which samples count: those of threads whose pid (and tid) match; everything when unset.
struct SampleFilter {
  std::optional<int32_t> pid;
  std::optional<int32_t> tid;
  std::optional<std::string> host{};  // hostOf() the thread's process (a merged job's hosts)
  bool active() const { return pid || tid || host; }
};

// Whether thread index `thread` passes the filter (a dangling index never does when active).
bool threadMatches(const Profile& profile, uint32_t thread, const SampleFilter& filter);

// Drops the samples of threads that do not pass `filter` (for exports of one process/thread).
void keepMatchingSamples(Profile& profile, const SampleFilter& filter);

// In "wall" mode a sample flagged kSampleIdle stood for a thread off CPU: it counts towards
// wall-clock samples but not CPU time. In every other mode all weight is CPU time.
inline bool countsAsCpu(const Sample& sample, bool wall_mode) {
  return !(wall_mode && (sample.flags & wire::kSampleIdle));
}

// Sums the samples for which keep(sample) holds: the one loop behind sumSamples() and
// selectSamples() (sample_filter.h). Out-of-range stack or thread ids (a damaged profile) still
// count in the totals.
template <typename Keep>
SampleTotals sumSamplesIf(const Profile& profile, Keep&& keep) {
  SampleTotals totals;
  const size_t nstacks = profile.stacks.size();
  const size_t nthreads = profile.threads.size();
  totals.stack_weight.assign(nstacks, 0);
  totals.thread_weight.assign(nthreads, 0);
  totals.thread_cpu_weight.assign(nthreads, 0);
  const bool wall_mode = profile.meta.mode == "wall";
  for (const Sample& sample : profile.samples) {
    if (!keep(sample)) continue;
    ++totals.records;
    const uint64_t weight = sample.weight;
    const bool on_cpu = countsAsCpu(sample, wall_mode);
    totals.weight += weight;
    if (on_cpu) totals.cpu_weight += weight;
    if (sample.stack < nstacks) {
      totals.stack_weight[sample.stack] += weight;
      if (on_cpu && (sample.flags & wire::kSamplePython)) {
        if (totals.stack_python_cpu_weight.empty()) {
          totals.stack_python_cpu_weight.assign(nstacks, 0);
          totals.stack_gil_weight.assign(nstacks, 0);
        }
        totals.stack_python_cpu_weight[sample.stack] += weight;
        if (sample.flags & wire::kSampleGil) totals.stack_gil_weight[sample.stack] += weight;
      }
    }
    if (sample.thread < nthreads) {
      totals.thread_weight[sample.thread] += weight;
      if (on_cpu) totals.thread_cpu_weight[sample.thread] += weight;
    }
  }
  return totals;
}

// Every sample, or those of the threads that pass `filter` (countsAsCpu() splits CPU time).
SampleTotals sumSamples(const Profile& profile, const SampleFilter& filter = {});

// weight * period in seconds.
double weightSeconds(uint64_t weight, uint64_t period_ns);

}  // namespace pprof::analysis

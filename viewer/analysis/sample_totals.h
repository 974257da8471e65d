// One pass over a profile's samples that sums their weights per stack and per thread. Every
// table is then computed from these sums, so the cost of analysis grows with the number of
// distinct stacks, not with the number of samples (1M samples over 10k stacks walk 10k stacks).
//
// Sample filters (process, thread; time ranges later) live here: a filtered SampleTotals feeds
// the same tables unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "format/profile.h"

namespace pprof::analysis {

struct SampleTotals {
  std::vector<uint64_t> stack_weight;       // per stack id: summed weight of its samples
  std::vector<uint64_t> thread_weight;      // per thread id: summed weight
  std::vector<uint64_t> thread_cpu_weight;  // per thread id: weight that counts as CPU time
  uint64_t weight = 0;                      // all samples
  uint64_t cpu_weight = 0;                  // samples that count as CPU time
  uint64_t records = 0;                     // number of sample records
};

// Which samples count: those of threads whose pid (and tid) match; everything when unset.
struct SampleFilter {
  std::optional<int32_t> pid;
  std::optional<int32_t> tid;
  bool active() const { return pid || tid; }
};

// Whether thread index `thread` passes the filter (a dangling index never does when active).
bool threadMatches(const Profile& profile, uint32_t thread, const SampleFilter& filter);

// Drops the samples of threads that do not pass `filter` (for exports of one process/thread).
void keepMatchingSamples(Profile& profile, const SampleFilter& filter);

// In "wall" mode a sample flagged kSampleIdle stood for a thread off CPU: it counts towards
// wall-clock samples but not CPU time. In every other mode all weight is CPU time.
SampleTotals sumSamples(const Profile& profile, const SampleFilter& filter = {});

// weight * period in seconds.
double weightSeconds(uint64_t weight, uint64_t period_ns);

}  // namespace pprof::analysis

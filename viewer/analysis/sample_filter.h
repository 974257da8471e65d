// Sample selection for the interactive viewer: which samples count, by thread set, process and
// time range. The result has the same shape as sumSamples() (sample_totals.h), so every table
// built on SampleTotals (function table, call tree, search) re-aggregates for a selection
// without knowing about it. One pass over the samples; no allocation per sample.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "analysis/sample_totals.h"
#include "format/profile.h"

namespace pprof::analysis {

struct SampleSelection {
  // Thread ids (indexes into Profile::threads); unset selects every thread. Ids out of range
  // select nothing (a stale id from the browser must not select everything).
  std::optional<std::vector<uint32_t>> threads;
  std::optional<int32_t> pid;        // only threads of processes with this pid
  uint64_t from_ns = 0;              // time range [from_ns, to_ns), relative to the run's start
  std::optional<uint64_t> to_ns;     // unset: to the end

  bool selectsEverything() const { return !threads && !pid && from_ns == 0 && !to_ns; }
};

// Per thread id: whether its samples pass the thread and pid parts of the selection.
std::vector<bool> selectedThreads(const Profile& profile, const SampleSelection& selection);

bool inTimeRange(const SampleSelection& selection, uint64_t timestamp_ns);

// Drops the samples outside [from_ns, to_ns) (pprof-stats --from / --to).
void keepTimeRange(Profile& profile, uint64_t from_ns, std::optional<uint64_t> to_ns);

// sumSamples() restricted to the selection; samples with a dangling thread id are dropped as
// soon as any thread or pid restriction is set.
SampleTotals selectSamples(const Profile& profile, const SampleSelection& selection);

}  // namespace pprof::analysis

// Samples over time per thread, for the viewer's timeline: the run (or a time window of it) is
// cut into N equal bins and each thread's selected sample weight is summed per bin, split into
// CPU and idle (wall mode's kSampleIdle samples: the thread was off CPU). One pass over the
// samples; memory O(threads * bins), so callers bound `bins`.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/sample_filter.h"
#include "format/profile.h"

namespace pprof::analysis {

struct ThreadTimeline {
  uint32_t thread = 0;         // index into Profile::threads
  std::vector<uint64_t> cpu;   // per bin: weight on CPU
  std::vector<uint64_t> idle;  // per bin: weight off CPU (wall mode only; zeros otherwise)
  // Per bin, for threads with samples flagged kSamplePython (empty otherwise): the on-CPU
  // weight of those samples, and the part of it during which the thread held the GIL.
  std::vector<uint64_t> python;
  std::vector<uint64_t> gil;
  uint64_t cpu_total = 0;
  uint64_t idle_total = 0;
};

struct Timeline {
  uint64_t start_ns = 0;   // first bin starts here (relative to the run's start)
  uint64_t end_ns = 0;     // last bin ends here
  uint64_t bin_ns = 1;     // width of every bin; the last may reach past end_ns
  uint32_t bins = 0;
  std::vector<ThreadTimeline> threads;  // threads with any selected sample, by thread id
};

// The window is the selection's time range; an open end is the run's duration, or just past the
// last sample when samples run later (or the duration is unknown). bins is clamped to >= 1.
Timeline buildTimeline(const Profile& profile, const SampleSelection& selection, uint32_t bins);

}  // namespace pprof::analysis

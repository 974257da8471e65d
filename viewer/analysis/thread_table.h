// Per-thread totals. A thread is identified by (pid, tid) as the user sees it: the records of
// one thread across an exec (a new process image, same pid and tid) form one row, named by its
// latest non-empty name. Threads that were seen but never sampled are listed with zero.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/sample_totals.h"
#include "format/profile.h"

namespace pprof::analysis {

struct ThreadStats {
  std::string host;         // hostOf(): empty when unknown
  int32_t pid = 0;
  int32_t tid = 0;
  std::string name;
  std::string role;         // its process's (process_role.h)
  uint64_t samples = 0;     // summed weight, in periods (idle wall-mode samples included)
  double cpu_seconds = 0;   // CPU weight * period (see SampleTotals)
};

// Ordered by host, then CPU time descending, then pid, then tid. Only threads that pass `filter` are listed.
std::vector<ThreadStats> threadTable(const Profile& profile, const SampleTotals& totals,
                                     const SampleFilter& filter = {});

}  // namespace pprof::analysis

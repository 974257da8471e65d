// Per-process totals for `pprof-stats --threads`: a process is a pid as the user sees it (the
// images of one pid across exec form one row, named by its latest executable).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/sample_totals.h"
#include "format/profile.h"

namespace pprof::analysis {

struct ProcessStats {
  std::string host;          // hostOf(): empty when unknown
  int32_t pid = 0;
  std::string executable;
  std::string role;          // process_role.h, of its latest image
  uint64_t threads = 0;      // distinct tids seen in this pid
  uint64_t samples = 0;      // summed weight
  double cpu_seconds = 0;
};

// A pid is one process per host (a merged job's hosts reuse pids). Ordered by host, then CPU
// time descending, then pid. Only threads that pass `filter` count.
std::vector<ProcessStats> processTable(const Profile& profile, const SampleTotals& totals,
                                       const SampleFilter& filter = {});

}  // namespace pprof::analysis

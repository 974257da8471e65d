// From the context tree to the advisor's rows: which contexts are candidates, what is beneath
// them (hot callees, functions, lines), and the predictions for each.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/frame_index.h"
#include "analysis/parallelism.h"
#include "analysis/parallelism/context_tree.h"
#include "analysis/parallelism/sample_use.h"
#include "format/profile.h"

namespace pprof::analysis::parallel {

struct CandidateInput {
  const Profile& profile;
  const FrameIndex& index;
  const ContextTree& tree;
  const std::vector<KeyedUse>& uses;
  const std::vector<bool>& is_root;          // per frame id: a thread root, never a candidate
  const std::vector<uint32_t>& core_counts;  // the N of the predictions
  double wall_seconds = 0;
  double serial_seconds = 0;                 // the run's: no prediction may assume more
  const ParallelismOptions& options;
};

// Fills report.candidates, functions and lines.
void rankCandidates(const CandidateInput& input, ParallelismReport& report);

}  // namespace pprof::analysis::parallel

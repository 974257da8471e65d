// The per-function table behind pstats-style listings: self and total weight of every function
// that appears in any sampled stack.
//
// self: weight of samples whose innermost frame (the innermost inline level of the leaf
// location) is the function. total: weight of samples with the function anywhere on the
// stack, counted once per sample even under recursion or when it appears at several inline
// levels. Seconds are weight * meta.period_ns; percentages are of ALL samples' weight.
// Pure function of the profile; cost O(distinct stacks * depth), independent of sample count.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/frame_index.h"
#include "analysis/sample_totals.h"
#include "format/profile.h"

namespace pprof::analysis {

struct FunctionStats {
  uint32_t frame = 0;        // id in the FrameIndex: the function's identity
  std::string name;
  std::string file;          // empty if unknown
  uint32_t line = 0;         // Function::start_line; 0 if unknown
  std::string module;        // basename of the module path (full path is in the Frame)
  // Call counts are unknown for sampled profiles; deterministic inputs (cProfile) fill them.
  std::optional<uint64_t> calls;
  std::optional<uint64_t> primitive_calls;
  uint64_t self_samples = 0;   // weight, in periods
  uint64_t total_samples = 0;  // weight, in periods
  double self_seconds = 0;
  double total_seconds = 0;
  double self_percent = 0;     // of all samples' weight
  double total_percent = 0;
};

// Rows in frame id order; functions that never appear in a sampled stack are left out.
std::vector<FunctionStats> functionTable(const Profile& profile, const FrameIndex& frames,
                                         const SampleTotals& totals);

}  // namespace pprof::analysis

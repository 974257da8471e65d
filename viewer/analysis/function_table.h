// The per-function table behind pstats-style listings: self and total weight of every function
// (or source line, file, module: see Grouping) that appears in any sampled stack.
//
// self: weight of samples whose innermost frame (the innermost inline level of the leaf
// location) is in the row. total: weight of samples with the row anywhere on the stack,
// counted once per sample even under recursion or when it appears at several inline levels.
// Seconds are weight * meta.period_ns; percentages are of ALL (filtered) samples' weight.
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

// What one row stands for. kLine: a source line inside a function (the line the frame was at);
// kFile: every function of a source file (name "*", line 0); kModule: every function of an ELF
// object (file = module path, name "*", line 0). A Python function has no ELF object: its module
// row is its source file (a Python module is its file).
enum class Grouping { kFunction, kLine, kFile, kModule };

struct FunctionStats {
  uint32_t frame = 0;        // id in the FrameIndex: the function's identity (kFunction)
  std::string name;
  std::string file;          // empty if unknown
  uint32_t line = 0;         // Function::start_line (kLine: the line); 0 if unknown
  std::string module;        // basename of the module path (full path is in the Frame)
  std::string label;         // pstats' "file:line(name)" (see function_label.h)
  // Exact call counts exist only for deterministic inputs (cProfile); sampled rows leave them
  // empty and show the sample count instead.
  std::optional<uint64_t> calls;            // nc
  std::optional<uint64_t> primitive_calls;  // cc
  uint64_t self_samples = 0;   // weight, in periods
  uint64_t total_samples = 0;  // weight, in periods
  double self_seconds = 0;
  double total_seconds = 0;
  double self_percent = 0;     // of all samples' weight (of all tottime for cProfile input)
  double total_percent = 0;
  Language language = Language::kNative;  // the row's function is Python (Function::language)
  // Percent of the row's on-CPU weight in samples flagged kSamplePython (counted inclusively,
  // like total) during which the thread held the GIL (kSampleGil); nullopt when the row has
  // no such weight.
  std::optional<double> gil_percent;
};

// Rows in a deterministic "natural" order (name, file, line, module); rows that never appear
// in a sampled stack are left out.
std::vector<FunctionStats> functionTable(const Profile& profile, const FrameIndex& frames,
                                         const SampleTotals& totals,
                                         Grouping grouping = Grouping::kFunction);

// The label's `where` part for a row: file, else module basename, else "~".
std::string rowLocation(const FunctionStats& row);

double percentOf(double part, double whole);

}  // namespace pprof::analysis

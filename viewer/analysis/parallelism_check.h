// The advisor's check (`pprof-stats BASE --advise --after NEW`): did the change do what the
// advice on BASE predicted? The candidate the change addressed, its predicted whole-run speedup
// next to the measured one, its serial time before and after, and what is serial now.
//
// A candidate's work is its work_frames (parallelism.h): its own frame and the callees that lay
// inside it, since a loop spread over a pool runs its body in the workers, where the loop's frame
// is not on the stack. Its time is that of the samples with any of them on the stack, in either
// run, so a loop moved onto threads that still take turns (the GIL) keeps its serial time. The
// two runs' frames are one table (FrameIndex::buildPair): a function is the same in both by name,
// file, module and language, and at another start line when only one such function exists (an
// edit above it moved it), as `--diff` matches functions, so two builds compare.
//
// The addressed candidate is the BASE candidate whose work lost the most serial time in NEW at
// equal machine speed: serial_before - total_before * serial_after / total_after, its serial
// seconds in BASE minus what its serial share in NEW would leave of them. A shared machine's runs
// wander by 10-30% as a whole, and a phase that only ran quicker keeps its share. When no
// candidate lost 2% of BASE's wall time that way, it is BASE's top candidate.
//
// measured speedup = BASE wall time / NEW wall time (each the advisor's window: the whole run, or
// --region's). Pure: the profiles, their selections and the advisor's options in, a model out;
// rendering is render/advice_check_render.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/frame_index.h"
#include "analysis/parallelism.h"
#include "format/profile.h"

namespace pprof::analysis {

struct CheckedRun {
  bool has_time = false;
  std::string warning;  // the advisor's, when it has one
  double wall_seconds = 0, cpu_seconds = 0, serial_seconds = 0, serial_fraction = 0;
};

struct CheckedFunction {
  std::string name, file, module_path;
  uint32_t line = 0;
};

struct AddressedCandidate {
  CheckedFunction function;
  size_t rank = 0;              // its index among BASE's candidates
  bool shrank = false;          // false: no candidate's serial time shrank; this is BASE's top one
  ParallelKind kind = ParallelKind::kCpu;
  std::optional<double> gil_share;
  uint32_t cores = 0;           // the machine's, the N of the predictions
  double predicted_speedup = 1;          // with processes, as --advise prints it for N cores
  double predicted_speedup_threads = 1;  // with threads
  double candidate_serial_seconds = 0;   // its context's, as --advise prints it
  double serial_seconds_before = 0;      // its work's, in BASE and in NEW
  double serial_seconds_after = 0;
  double seconds_before = 0;             // its work's in all, serial or not
  double seconds_after = 0;
  std::vector<std::string> work;         // its work frames' names, its own first
  size_t work_found_after = 0;           // how many of them NEW has samples of
};

struct NewCandidate {
  CheckedFunction function;
  double serial_seconds = 0;
  ParallelKind kind = ParallelKind::kCpu;
  double predicted_speedup = 1;  // with processes on the machine's cores
};

struct ParallelismCheck {
  uint32_t cores = 0;
  CheckedRun base, after;
  std::optional<double> measured_speedup;     // unset when either run has no time
  std::optional<AddressedCandidate> addressed;  // unset without a measured speedup or BASE candidates
  std::vector<NewCandidate> new_candidates;   // NEW's candidates, best first
};

// `options` are the advisor's for both runs (cores, limits); each run's selection is its own.
ParallelismCheck checkParallelism(const Profile& base, const SampleSelection& base_selection, const Profile& after,
                                  const SampleSelection& after_selection, const ParallelismOptions& options);

}  // namespace pprof::analysis

#include "analysis/parallelism_check.h"

#include <utility>

namespace pprof::analysis {
namespace {

constexpr double kMinDropShare = 0.02;  // of BASE's wall time: the least drop that names a candidate

// The prediction for the machine's core count (always among those the advisor makes).
double at(const std::vector<SpeedupPrediction>& predictions, uint32_t cores) {
  for (const SpeedupPrediction& p : predictions) {
    if (p.cores == cores) return p.speedup;
  }
  return predictions.empty() ? 1.0 : predictions.back().speedup;
}

CheckedRun summary(const ParallelismReport& report) {
  return {report.has_time, report.warning, report.wall_seconds, report.cpu_seconds, report.serial_seconds,
          report.serial_fraction};
}

CheckedFunction function(const FrameIndex& frames, const ParallelCandidate& c) {
  const Frame& frame = frames.frame(c.frame);
  return {frame.name, frame.file, frame.module_path, c.line};
}

}  // namespace

ParallelismCheck checkParallelism(const Profile& base, const SampleSelection& base_selection, const Profile& after,
                                  const SampleSelection& after_selection, const ParallelismOptions& options) {
  // One frame table: a function of NEW has the id it has in BASE, so BASE's frame ids name the
  // same functions in NEW.
  const auto [base_frames, after_frames] = FrameIndex::buildPair(base, after);
  ParallelismOptions base_options = options;
  base_options.selection = base_selection;
  base_options.measure_work = true;
  base_options.tracked_frames.clear();
  const ParallelismReport before = analyzeParallelism(base, base_frames, base_options);

  ParallelismOptions after_options = options;
  after_options.selection = after_selection;
  after_options.measure_work = false;
  after_options.tracked_frames.clear();
  for (const ParallelCandidate& c : before.candidates) after_options.tracked_frames.push_back(c.work_frames);
  const ParallelismReport now = analyzeParallelism(after, after_frames, after_options);

  ParallelismCheck check;
  check.cores = options.machine_cores;
  check.base = summary(before);
  check.after = summary(now);
  for (const ParallelCandidate& c : now.candidates)
    check.new_candidates.push_back({function(after_frames, c), c.serial_seconds, c.kind, at(c.predicted, check.cores)});
  if (!before.has_time || !now.has_time || now.wall_seconds <= 0) return check;
  check.measured_speedup = before.wall_seconds / now.wall_seconds;
  if (before.candidates.empty()) return check;

  // A smaller drop is a run's wander, not a change: a tiny candidate would win over the top one
  // whose work grew (a loop moved onto threads that take turns with the GIL).
  const double min_drop = kMinDropShare * before.wall_seconds;
  size_t best = 0;
  double best_drop = 0;
  for (size_t i = 0; i < before.candidates.size(); ++i) {
    const ParallelCandidate& c = before.candidates[i];
    const double total = now.tracked_seconds[i];
    const double share_after = total > 0 ? now.tracked_serial_seconds[i] / total : 0.0;  // gone: no serial left
    const double drop = c.work_serial_seconds - share_after * c.work_seconds;
    if (drop >= min_drop && drop > best_drop) best = i, best_drop = drop;
  }
  const ParallelCandidate& c = before.candidates[best];
  AddressedCandidate& a = check.addressed.emplace();
  a.function = function(base_frames, c);
  a.rank = best;
  a.shrank = best_drop > 0;
  a.kind = c.kind;
  a.gil_share = c.gil_share;
  a.cores = check.cores;
  a.predicted_speedup = at(c.predicted, check.cores);
  a.predicted_speedup_threads = at(c.predicted_threads, check.cores);
  a.candidate_serial_seconds = c.serial_seconds;
  a.serial_seconds_before = c.work_serial_seconds;
  a.serial_seconds_after = now.tracked_serial_seconds[best];
  a.seconds_before = c.work_seconds;
  a.seconds_after = now.tracked_seconds[best];
  for (uint32_t frame : c.work_frames) a.work.push_back(base_frames.frame(frame).name);
  for (uint32_t frame : c.work_frames) {
    if (frame < now.frame_serial_share.size() && now.frame_serial_share[frame] >= 0) ++a.work_found_after;
  }
  return check;
}

}  // namespace pprof::analysis

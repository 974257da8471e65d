// Work handed to another thread or process and waited for: a loop that starts one worker at a
// time and joins it, or submits to a pool and blocks on each result, does its work in other
// threads while it waits. The place to parallelize is the waiting loop, so the advisor files
// such work under the waiter's context.
//
// The evidence is the waiter's own samples: in wall mode a thread blocked in a synchronization
// wait is sampled as "joined" (wire::kSampleSyncWait) with the stack it blocked in. A thread's
// work in a bin is the waiter's when, in the same bin, a thread that is older (started earlier)
// and belongs to the same process or to an ancestor process was joined: the workers of a loop are
// younger than the loop's thread, while an idle pool thread that blocks on a condition variable
// for the whole run is younger than the main thread it would otherwise adopt. Of several such
// waiters the oldest is taken: the outermost loop is the one the user wrote. CPU-mode profiles
// have no samples of blocked threads, so nothing is handed off there.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/parallelism/sample_times.h"
#include "analysis/parallelism/time_grid.h"
#include "format/profile.h"

namespace pprof::analysis::parallel {

class Handoff {
 public:
  Handoff(const Profile& profile, const TimeGrid& grid, const SampleTimes& times)
      : profile_(profile), grid_(grid), times_(times) {}

  // Records a joined sample (blocked waiting for other threads or processes of the run).
  void addWait(const Sample& sample);
  // Call once after the last addWait.
  void finish();
  bool empty() const { return waits_.empty(); }
  // The stack of the thread that waited while `work` ran, or kNone.
  uint32_t waiterStack(const Sample& work) const;

 private:
  struct Wait {
    size_t bin;
    uint32_t thread;
    uint32_t stack;
  };
  bool older(uint32_t thread, uint32_t than) const;
  bool sameOrAncestorProcess(uint32_t waiter_thread, uint32_t worker_thread) const;

  const Profile& profile_;
  const TimeGrid& grid_;
  const SampleTimes& times_;
  std::vector<uint32_t> parent_;  // per process image: its parent image, kNone if unknown
  std::vector<Wait> waits_;  // after finish(): by bin, oldest thread first, one per (bin, thread)
};

}  // namespace pprof::analysis::parallel

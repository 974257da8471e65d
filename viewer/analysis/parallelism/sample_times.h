// When each sample's time was spent, bin by bin.
//
// A sample that ran on the CPU stands for the `weight` periods just before its timestamp. An
// idle sample (wall mode) does not: the sampler reports a thread's off-CPU time once per drain
// period (about 50 ms at once, profiler/sampler/idle_time.h), so it stands for the gaps between
// that thread's CPU samples since its previous idle sample. Spread backwards from its timestamp
// as if it were one block, it would overlap the thread's own running time, and a single thread
// that parses, then sleeps, would look like two busy threads in the bin where it fell asleep.
// So idle time is laid into the bins where its thread left room, the latest first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/parallelism/time_grid.h"
#include "format/profile.h"

namespace pprof::analysis::parallel {

class SampleTimes {
 public:
  SampleTimes(const Profile& profile, const TimeGrid& grid, uint64_t period_ns)
      : profile_(profile), grid_(grid), period_ns_(period_ns) {}

  // Places the idle samples among `samples` (every selected sample, running and idle, of any
  // thread; in any order).
  void place(const std::vector<const Sample*>& samples);

  // Calls add(bin, ns) for each part of the sample's time inside the grid's window.
  template <typename Add>
  void spread(const Sample& sample, Add&& add) const {
    auto placed = pieces_of_.find(&sample);
    if (placed == pieces_of_.end()) {
      grid_.spread(sample.timestamp_ns, uint64_t{sample.weight} * period_ns_, add);
      return;
    }
    for (uint32_t i = placed->second.first; i < placed->second.second; ++i) add(pieces_[i].first, pieces_[i].second);
  }

 private:
  void placeThread(const std::vector<const Sample*>& samples);
  void placeIdle(const Sample& idle, uint64_t begin_ns);

  const Profile& profile_;
  const TimeGrid& grid_;
  const uint64_t period_ns_;
  std::vector<std::pair<size_t, double>> pieces_;                          // (bin, ns)
  std::unordered_map<const Sample*, std::pair<uint32_t, uint32_t>> pieces_of_;  // [begin, end) into pieces_
  std::vector<double> used_;     // per bin: the current thread's time already there
  std::vector<size_t> touched_;  // bins with used_ set
};

}  // namespace pprof::analysis::parallel

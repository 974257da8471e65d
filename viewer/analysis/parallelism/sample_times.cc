#include "analysis/parallelism/sample_times.h"

#include <algorithm>

#include "wire/wire.h"

namespace pprof::analysis::parallel {
namespace {

bool idle(const Sample& s) { return (s.flags & wire::kSampleIdle) != 0; }

}  // namespace

void SampleTimes::place(const std::vector<const Sample*>& samples) {
  if (std::none_of(samples.begin(), samples.end(), [](const Sample* s) { return idle(*s); })) return;
  std::vector<const Sample*> by_thread(samples);
  std::stable_sort(by_thread.begin(), by_thread.end(), [](const Sample* a, const Sample* b) {
    return a->thread != b->thread ? a->thread < b->thread : a->timestamp_ns < b->timestamp_ns;
  });
  used_.assign(grid_.bins, 0);
  std::vector<const Sample*> one;
  for (size_t i = 0; i < by_thread.size(); ++i) {
    one.push_back(by_thread[i]);
    if (i + 1 < by_thread.size() && by_thread[i + 1]->thread == by_thread[i]->thread) continue;
    placeThread(one);
    one.clear();
  }
  used_ = {};
}

void SampleTimes::placeThread(const std::vector<const Sample*>& samples) {
  for (const Sample* s : samples) {
    if (idle(*s)) continue;
    grid_.spread(s->timestamp_ns, uint64_t{s->weight} * period_ns_, [&](size_t bin, double ns) {
      if (used_[bin] == 0) touched_.push_back(bin);
      used_[bin] += ns;
    });
  }
  // Each idle sample holds the thread's off-CPU time since its previous one (the first: since
  // the thread started).
  const uint32_t thread = samples.front()->thread;
  uint64_t since = thread < profile_.threads.size() ? profile_.threads[thread].start_ns : 0;
  for (const Sample* s : samples) {
    if (!idle(*s)) continue;
    placeIdle(*s, since < s->timestamp_ns ? since : s->timestamp_ns);
    since = s->timestamp_ns;
  }
  for (size_t bin : touched_) used_[bin] = 0;
  touched_.clear();
}

void SampleTimes::placeIdle(const Sample& sample, uint64_t since_ns) {
  const uint32_t first = static_cast<uint32_t>(pieces_.size());
  double need = static_cast<double>(uint64_t{sample.weight} * period_ns_);
  auto record = [&] { pieces_of_[&sample] = {first, static_cast<uint32_t>(pieces_.size())}; };
  const uint64_t origin = grid_.origin_ns;
  if (sample.timestamp_ns <= origin || grid_.bins == 0) return record();
  // The interval in window coordinates; of an interval the window cuts, the window's share.
  const uint64_t end = std::min(sample.timestamp_ns - origin, grid_.length_ns);
  uint64_t begin = since_ns > origin ? since_ns - origin : 0;
  if (begin >= end) begin = end > need ? end - static_cast<uint64_t>(need) : 0;
  const double whole = static_cast<double>(sample.timestamp_ns - std::min(since_ns, sample.timestamp_ns));
  if (since_ns < origin && whole > 0) need *= std::min(1.0, static_cast<double>(end - begin) / whole);
  auto add = [&](size_t bin, double ns) {
    if (ns <= 0) return;
    if (used_[bin] == 0) touched_.push_back(bin);
    used_[bin] += ns;
    pieces_.emplace_back(bin, ns);
  };
  // The latest room first: with no CPU samples in the interval, the block ends at the timestamp,
  // as a running sample's does.
  for (size_t bin = (end - 1) / grid_.bin_ns + 1; bin-- > begin / grid_.bin_ns && need > 0;) {
    const uint64_t lo = std::max<uint64_t>(begin, bin * grid_.bin_ns);
    const uint64_t hi = std::min<uint64_t>(end, (bin + 1) * grid_.bin_ns);
    const double take = std::min(need, std::max(0.0, static_cast<double>(hi - lo) - used_[bin]));
    add(bin, take);
    need -= take;
  }
  // More off-CPU time than room (a thread waiting for a core is off CPU while its clock says it
  // ran): the rest where it would have gone as one block.
  if (need > 0) grid_.spread(end + origin, static_cast<uint64_t>(need), add);
  record();
}

}  // namespace pprof::analysis::parallel

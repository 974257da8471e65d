#include "analysis/parallelism/handoff.h"

#include <algorithm>

namespace pprof::analysis::parallel {

void Handoff::addWait(const Sample& sample) {
  // A wide idle sample (wall mode reports 50 ms of blocking at once) waited in every bin it covers.
  times_.spread(sample, [&](size_t bin, double) { waits_.push_back({bin, sample.thread, sample.stack}); });
}

void Handoff::finish() {
  // The parent image of each process: the recorded link, else the newest image of the parent pid
  // that started no later.
  parent_.assign(profile_.processes.size(), kNone);
  for (uint32_t i = 0; i < profile_.processes.size(); ++i) {
    const Process& p = profile_.processes[i];
    parent_[i] = p.parent < profile_.processes.size() ? p.parent : kNone;
    if (parent_[i] != kNone) continue;
    for (uint32_t j = 0; j < profile_.processes.size(); ++j) {
      const Process& q = profile_.processes[j];
      if (j == i || q.pid != p.ppid || q.start_ns > p.start_ns) continue;
      if (parent_[i] == kNone || q.start_ns >= profile_.processes[parent_[i]].start_ns) parent_[i] = j;
    }
  }
  std::stable_sort(waits_.begin(), waits_.end(), [&](const Wait& a, const Wait& b) {
    if (a.bin != b.bin) return a.bin < b.bin;
    return a.thread != b.thread && older(a.thread, b.thread);
  });
  waits_.erase(std::unique(waits_.begin(), waits_.end(),
                           [](const Wait& a, const Wait& b) { return a.bin == b.bin && a.thread == b.thread; }),
               waits_.end());
}

bool Handoff::older(uint32_t thread, uint32_t than) const {
  const uint64_t a = profile_.threads[thread].start_ns, b = profile_.threads[than].start_ns;
  return a != b ? a < b : thread < than;
}

bool Handoff::sameOrAncestorProcess(uint32_t waiter_thread, uint32_t worker_thread) const {
  const uint32_t waiter = profile_.threads[waiter_thread].process;
  uint32_t process = profile_.threads[worker_thread].process;
  // Bounded: a damaged file could make the parent links a cycle.
  for (size_t steps = 0; steps <= parent_.size() && process < parent_.size(); ++steps) {
    if (process == waiter) return true;
    process = parent_[process];
  }
  return false;
}

uint32_t Handoff::waiterStack(const Sample& work) const {
  if (waits_.empty() || work.thread >= profile_.threads.size()) return kNone;
  const size_t bin = grid_.binOf(work.timestamp_ns);
  auto it = std::lower_bound(waits_.begin(), waits_.end(), bin, [](const Wait& w, size_t b) { return w.bin < b; });
  for (; it != waits_.end() && it->bin == bin; ++it) {  // oldest first
    if (it->thread >= profile_.threads.size() || it->thread == work.thread) continue;
    if (older(it->thread, work.thread) && sameOrAncestorProcess(it->thread, work.thread)) return it->stack;
  }
  return kNone;
}

}  // namespace pprof::analysis::parallel

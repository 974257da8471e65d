#include "analysis/thread_table.h"

#include <algorithm>
#include <map>
#include <utility>

namespace pprof::analysis {

std::vector<ThreadStats> threadTable(const Profile& profile, const SampleTotals& totals, const SampleFilter& filter) {
  struct Sums {
    std::string name;
    uint64_t weight = 0;
    uint64_t cpu_weight = 0;
  };
  std::map<std::pair<int32_t, int32_t>, Sums> by_id;
  for (uint32_t t = 0; t < profile.threads.size(); ++t) {
    if (!threadMatches(profile, t, filter)) continue;
    const Thread& thread = profile.threads[t];
    int32_t pid = thread.process < profile.processes.size() ? profile.processes[thread.process].pid : 0;
    Sums& sums = by_id[{pid, thread.tid}];
    if (!thread.name.empty()) sums.name = thread.name;
    if (t < totals.thread_weight.size()) {
      sums.weight += totals.thread_weight[t];
      sums.cpu_weight += totals.thread_cpu_weight[t];
    }
  }

  std::vector<ThreadStats> rows;
  rows.reserve(by_id.size());
  for (auto& [id, sums] : by_id) {
    rows.push_back({id.first, id.second, std::move(sums.name), sums.weight,
                    weightSeconds(sums.cpu_weight, profile.meta.period_ns)});
  }
  // Stable over the (pid, tid) order of the map, so equal CPU times stay in id order.
  std::stable_sort(rows.begin(), rows.end(), [](const ThreadStats& a, const ThreadStats& b) {
    return a.cpu_seconds > b.cpu_seconds;
  });
  return rows;
}

}  // namespace pprof::analysis

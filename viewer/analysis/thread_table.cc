#include "analysis/thread_table.h"

#include "analysis/process_role.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace pprof::analysis {

std::vector<ThreadStats> threadTable(const Profile& profile, const SampleTotals& totals, const SampleFilter& filter) {
  struct Sums {
    std::string name, role;
    uint64_t weight = 0;
    uint64_t cpu_weight = 0;
  };
  std::map<std::tuple<std::string, int32_t, int32_t>, Sums> by_id;
  for (uint32_t t = 0; t < profile.threads.size(); ++t) {
    if (!threadMatches(profile, t, filter)) continue;
    const Thread& thread = profile.threads[t];
    int32_t pid = thread.process < profile.processes.size() ? profile.processes[thread.process].pid : 0;
    Sums& sums = by_id[{hostOf(profile, thread.process), pid, thread.tid}];
    if (!thread.name.empty()) sums.name = thread.name;
    if (thread.process < profile.processes.size()) sums.role = processRole(profile.processes[thread.process]);
    if (t < totals.thread_weight.size()) {
      sums.weight += totals.thread_weight[t];
      sums.cpu_weight += totals.thread_cpu_weight[t];
    }
  }

  std::vector<ThreadStats> rows;
  rows.reserve(by_id.size());
  for (auto& [id, sums] : by_id) {
    rows.push_back({std::get<0>(id), std::get<1>(id), std::get<2>(id), std::move(sums.name), std::move(sums.role), sums.weight,
                    weightSeconds(sums.cpu_weight, profile.meta.period_ns)});
  }
  // Stable over the (host, pid, tid) order of the map, so equal CPU times stay in id order.
  std::stable_sort(rows.begin(), rows.end(), [](const ThreadStats& a, const ThreadStats& b) {
    if (a.host != b.host) return a.host < b.host;
    return a.cpu_seconds > b.cpu_seconds;
  });
  return rows;
}

}  // namespace pprof::analysis

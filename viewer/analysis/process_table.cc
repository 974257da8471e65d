#include "analysis/process_table.h"

#include "analysis/process_role.h"

#include <algorithm>
#include <map>
#include <set>

namespace pprof::analysis {

std::vector<ProcessStats> processTable(const Profile& profile, const SampleTotals& totals,
                                       const SampleFilter& filter) {
  struct Sums {
    ProcessStats stats;
    std::set<int32_t> tids;
    uint64_t cpu_weight = 0;
  };
  std::map<std::pair<std::string, int32_t>, Sums> by_pid;
  for (uint32_t t = 0; t < profile.threads.size(); ++t) {
    const Thread& thread = profile.threads[t];
    if (thread.process >= profile.processes.size() || !threadMatches(profile, t, filter)) continue;
    const Process& process = profile.processes[thread.process];
    const std::string& host = hostOf(profile, thread.process);
    Sums& sums = by_pid[{host, process.pid}];
    sums.stats.host = host;
    sums.stats.pid = process.pid;
    if (!process.executable.empty()) sums.stats.executable = process.executable;
    if (std::string role = processRole(process); !role.empty()) sums.stats.role = std::move(role);
    sums.tids.insert(thread.tid);
    if (t < totals.thread_weight.size()) {
      sums.stats.samples += totals.thread_weight[t];
      sums.cpu_weight += totals.thread_cpu_weight[t];
    }
  }
  std::vector<ProcessStats> rows;
  for (auto& [pid, sums] : by_pid) {
    sums.stats.threads = sums.tids.size();
    sums.stats.cpu_seconds = weightSeconds(sums.cpu_weight, profile.meta.period_ns);
    rows.push_back(std::move(sums.stats));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const ProcessStats& a, const ProcessStats& b) {
    if (a.host != b.host) return a.host < b.host;
    return a.cpu_seconds > b.cpu_seconds || (a.cpu_seconds == b.cpu_seconds && a.samples > b.samples);
  });
  return rows;
}

}  // namespace pprof::analysis

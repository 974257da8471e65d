#include "analysis/run_summary.h"

#include <set>

#include <set>
#include <utility>

namespace pprof::analysis {

RunSummary summarizeRun(const Profile& profile, const SampleTotals& totals) {
  std::set<int32_t> pids;
  for (const Process& process : profile.processes) pids.insert(process.pid);
  std::set<std::pair<int32_t, int32_t>> threads;
  for (const Thread& thread : profile.threads) {
    int32_t pid = thread.process < profile.processes.size() ? profile.processes[thread.process].pid : 0;
    threads.insert({pid, thread.tid});
  }

  RunSummary summary;
  summary.samples = totals.weight;
  summary.sample_records = totals.records;
  summary.processes = pids.size();
  summary.threads = threads.size();
  summary.wall_seconds = static_cast<double>(profile.meta.duration_ns) / 1e9;
  summary.cpu_seconds = weightSeconds(totals.cpu_weight, profile.meta.period_ns);
  summary.frequency_hz = profile.meta.frequency_hz;
  summary.mode = profile.meta.mode;
  summary.clock = profile.meta.clock;
  summary.lost_samples = profile.meta.lost_samples;
  summary.truncated_stacks = profile.meta.truncated_stacks;
  summary.complete = profile.meta.complete;
  summary.start_realtime_ns = profile.meta.start_realtime_ns;
  summary.host = profile.meta.host;
  std::set<std::string> hosts;
  for (uint32_t p = 0; p < profile.processes.size(); ++p) hosts.insert(hostOf(profile, p));
  summary.hosts = hosts.size();
  return summary;
}

}  // namespace pprof::analysis

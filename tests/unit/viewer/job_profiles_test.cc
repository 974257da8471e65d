// Profiles of a whole job (issue 13): merging runs of several hosts on one time axis, each
// process with its host; tables grouped by host; --host; process roles from command lines.
#include <gtest/gtest.h>

#include "analysis/merge_profiles.h"
#include "analysis/process_role.h"
#include "analysis/process_table.h"
#include "analysis/thread_table.h"
#include "support/profile_builder.h"

namespace pprof::analysis {
namespace {

using pprof::testing::ProfileBuilder;

constexpr uint64_t kSecond = 1000000000;

// One worker run: pid 100 (the builder's), `host`, started at `start_s` (wall clock), 2 s
// long, one sample of `weight` at 0.5 s into the run.
Profile workerRun(const std::string& host, uint64_t start_s, uint32_t weight = 10) {
  ProfileBuilder b(2 * kSecond);
  b.profile().meta.host = host;
  b.profile().meta.start_realtime_ns = start_s * kSecond;
  b.profile().threads[0].end_ns = 2 * kSecond;
  b.sample(b.stackOf({b.function("task")}), weight, 0, kSecond / 2);
  return std::move(b.profile());
}

TEST(JobProfiles, RunsWithWallClockStartsShareOneTimeAxis) {
  Result<Profile> merged = mergeProfiles({workerRun("a", 1000), workerRun("b", 1001)});
  ASSERT_TRUE(merged.isOk()) << merged.message();
  const Profile& m = merged.value();
  EXPECT_EQ(m.meta.start_realtime_ns, 1000 * kSecond);
  EXPECT_EQ(m.meta.duration_ns, 3 * kSecond);  // first start to last end: they overlapped
  ASSERT_EQ(m.samples.size(), 2u);
  EXPECT_EQ(m.samples[0].timestamp_ns, kSecond / 2);
  EXPECT_EQ(m.samples[1].timestamp_ns, kSecond + kSecond / 2);  // b started 1 s later
  EXPECT_EQ(m.threads[1].end_ns, 3 * kSecond);
  EXPECT_EQ(hostOf(m, 0), "a");
  EXPECT_EQ(hostOf(m, 1), "b");
  EXPECT_EQ(m.meta.host, "");  // several hosts
  EXPECT_EQ(mergeProfiles({workerRun("a", 1000), workerRun("a", 1005)}).value().meta.host, "a");
}

TEST(JobProfiles, RunsWithoutTimesStillAddUp) {
  Profile a = workerRun("a", 1000), b = workerRun("b", 0);  // b: no wall-clock start
  Result<Profile> merged = mergeProfiles({a, b});
  ASSERT_TRUE(merged.isOk());
  EXPECT_EQ(merged.value().meta.duration_ns, 4 * kSecond);
  EXPECT_EQ(merged.value().samples[1].timestamp_ns, kSecond / 2);
}

TEST(JobProfiles, TheSamePidOnTwoHostsIsTwoProcessesGroupedByHost) {
  Profile m = mergeProfiles({workerRun("hostB", 1000, 30), workerRun("hostA", 1000, 10)}).value();
  const SampleTotals totals = sumSamples(m);
  const std::vector<ProcessStats> processes = processTable(m, totals);
  ASSERT_EQ(processes.size(), 2u);  // both are pid 100
  EXPECT_EQ(processes[0].host, "hostA");
  EXPECT_EQ(processes[1].host, "hostB");
  const std::vector<ThreadStats> threads = threadTable(m, totals);
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_EQ(threads[0].host, "hostA");
  EXPECT_EQ(threads[0].samples, 10u);
  SampleFilter only_b;
  only_b.host = "hostB";
  const std::vector<ThreadStats> b = threadTable(m, totals, only_b);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].samples, 30u);
  EXPECT_EQ(sumSamplesIf(m, [&](const Sample& s) { return threadMatches(m, s.thread, only_b); }).weight, 30u);
}

std::string roleOf(std::vector<std::string> command, std::string executable = "/usr/bin/python3.11") {
  Process p;
  p.command = std::move(command);
  p.executable = std::move(executable);
  return processRole(p);
}

TEST(JobProfiles, ProcessRolesFromTheirCommands) {
  EXPECT_EQ(roleOf({"/usr/bin/python3", "/usr/bin/dask-scheduler", "--scheduler-file", "s.json"}), "dask-scheduler");
  EXPECT_EQ(roleOf({"/usr/bin/python3", "/usr/bin/dask-worker", "--nworkers", "2"}), "dask-worker");
  EXPECT_EQ(roleOf({"/usr/bin/python3", "-c",
                    "from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=7)",
                    "--multiprocessing-fork"}),
            "spawn worker");
  EXPECT_EQ(roleOf({"/usr/bin/python3", "-c", "from multiprocessing.resource_tracker import main;main(4)"}),
            "resource_tracker");
  EXPECT_EQ(roleOf({"python3", "-u", "/home/me/job.py", "x"}), "job.py");
  EXPECT_EQ(roleOf({"python3", "-m", "pytest"}), "pytest");
  EXPECT_EQ(roleOf({"/usr/bin/dask", "worker", "tcp://h:8786"}, "/usr/bin/python3.11"), "dask-worker");
  EXPECT_EQ(roleOf({"./sales_report", "--fast"}, "/src/sales_report"), "sales_report");
  EXPECT_EQ(roleOf({}, "/src/app"), "app");
}

}  // namespace
}  // namespace pprof::analysis

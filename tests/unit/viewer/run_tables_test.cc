// Thread table and run summary.
#include <gtest/gtest.h>

#include "analysis/stats_report.h"
#include "support/profile_builder.h"
#include "wire/wire.h"

namespace pprof::analysis {
namespace {

using pprof::testing::ProfileBuilder;

TEST(ThreadTable, PerThreadWeightAndCpuSecondsBusiestFirst) {
  ProfileBuilder b;
  uint32_t child = b.process(200);
  uint32_t worker = b.thread(0, 101, "worker");
  uint32_t cmain = b.thread(child, 200, "child");
  b.thread(0, 102, "never-ran");
  uint32_t s = b.stack({b.location({b.function("f")})});
  b.samples(s, 2, 0);
  b.sample(s, 5, worker);
  b.samples(s, 3, cmain);
  auto threads = buildStatsReport(b.profile(), {}).threads;
  ASSERT_EQ(threads.size(), 4u);
  EXPECT_EQ(threads[0].tid, 101);
  EXPECT_EQ(threads[0].pid, 100);
  EXPECT_EQ(threads[0].name, "worker");
  EXPECT_EQ(threads[0].samples, 5u);
  EXPECT_DOUBLE_EQ(threads[0].cpu_seconds, 0.005);
  EXPECT_EQ(threads[1].pid, 200);
  EXPECT_EQ(threads[1].samples, 3u);
  EXPECT_EQ(threads[2].tid, 100);
  EXPECT_EQ(threads[3].name, "never-ran");
  EXPECT_EQ(threads[3].samples, 0u);
}

TEST(ThreadTable, ExecImageOfSamePidMergesWithItsThread) {
  ProfileBuilder b;
  uint32_t after_exec = b.process(100);
  uint32_t t = b.thread(after_exec, 100, "newprog");
  uint32_t s = b.stack({b.location({b.function("f")})});
  b.samples(s, 1, 0);
  b.samples(s, 2, t);
  auto report = buildStatsReport(b.profile(), {});
  ASSERT_EQ(report.threads.size(), 1u);
  EXPECT_EQ(report.threads[0].samples, 3u);
  EXPECT_EQ(report.threads[0].name, "newprog");
  EXPECT_EQ(report.run.processes, 1u);
  EXPECT_EQ(report.run.threads, 1u);
}

TEST(RunSummary, CpuModeCountsAllWeight) {
  ProfileBuilder b;
  b.profile().meta.lost_samples = 7;
  b.profile().meta.truncated_stacks = 2;
  uint32_t s = b.stack({b.location({b.function("f")})});
  b.sample(s, 3);
  b.sample(s, 1, 0, 0, wire::kSampleIdle);  // idle flag means nothing outside wall mode
  auto run = buildStatsReport(b.profile(), {}).run;
  EXPECT_EQ(run.samples, 4u);
  EXPECT_EQ(run.sample_records, 2u);
  EXPECT_DOUBLE_EQ(run.cpu_seconds, 0.004);
  EXPECT_DOUBLE_EQ(run.wall_seconds, 2.0);
  EXPECT_EQ(run.frequency_hz, 1000u);
  EXPECT_EQ(run.mode, "cpu");
  EXPECT_EQ(run.lost_samples, 7u);
  EXPECT_EQ(run.truncated_stacks, 2u);
  EXPECT_EQ(run.processes, 1u);
  EXPECT_EQ(run.threads, 1u);
}

TEST(RunSummary, WallModeCpuExcludesIdleSamples) {
  ProfileBuilder b;
  b.profile().meta.mode = "wall";
  uint32_t sleeper = b.thread(0, 101, "sleeper");
  uint32_t s = b.stack({b.location({b.function("f")})});
  b.sample(s, 4);
  b.sample(s, 6, sleeper, 0, wire::kSampleIdle);
  auto report = buildStatsReport(b.profile(), {});
  EXPECT_EQ(report.run.samples, 10u);
  EXPECT_DOUBLE_EQ(report.run.cpu_seconds, 0.004);
  ASSERT_EQ(report.threads.size(), 2u);
  EXPECT_EQ(report.threads[0].tid, 100);
  EXPECT_EQ(report.threads[1].samples, 6u);
  EXPECT_DOUBLE_EQ(report.threads[1].cpu_seconds, 0.0);
  // Function percentages are of all samples, idle ones included.
  EXPECT_DOUBLE_EQ(report.functions[0].total_percent, 100.0);
}

TEST(RunSummary, EmptyProfile) {
  Profile empty;
  auto report = buildStatsReport(empty, {});
  EXPECT_EQ(report.run.samples, 0u);
  EXPECT_TRUE(report.functions.empty());
  EXPECT_TRUE(report.threads.empty());
}

}  // namespace
}  // namespace pprof::analysis

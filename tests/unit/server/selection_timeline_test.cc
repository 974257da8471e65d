#include <gtest/gtest.h>

#include "analysis/sample_filter.h"
#include "analysis/timeline.h"
#include "support/profile_builder.h"
#include "wire/wire.h"

namespace pprof::analysis {
namespace {

using testing::ProfileBuilder;

// Two processes: pid 100 (threads 0 "main", 1 "worker") and pid 200 (thread 2 "child"); samples
// at 0, 100, 200, ... ms with weight = thread id + 1.
struct ThreeThreads {
  ProfileBuilder b{1000000000};  // a 1 s run
  uint32_t stack = 0;
  ThreeThreads() {
    b.thread(0, 101, "worker");
    b.thread(b.process(200), 200, "child");
    stack = b.stackOf({b.function("main")});
    for (uint32_t t = 0; t < 3; ++t) {
      for (uint64_t ms = 0; ms < 1000; ms += 100) b.sample(stack, t + 1, t, ms * 1000000);
    }
  }
  const Profile& profile() { return b.profile(); }
};

TEST(SampleFilterTest, EverythingByDefaultMatchesSumSamples) {
  ThreeThreads f;
  const SampleTotals all = selectSamples(f.profile(), {});
  const SampleTotals reference = sumSamples(f.profile());
  EXPECT_EQ(all.weight, reference.weight);
  EXPECT_EQ(all.records, 30u);
  EXPECT_EQ(all.stack_weight, reference.stack_weight);
  EXPECT_EQ(all.thread_weight, reference.thread_weight);
}

TEST(SampleFilterTest, ByThreadSet) {
  ThreeThreads f;
  SampleSelection selection;
  selection.threads = std::vector<uint32_t>{0, 2};
  const SampleTotals totals = selectSamples(f.profile(), selection);
  EXPECT_EQ(totals.weight, 10u * 1 + 10u * 3);
  EXPECT_EQ(totals.thread_weight, (std::vector<uint64_t>{10, 0, 30}));
}

TEST(SampleFilterTest, UnknownThreadIdsSelectNothing) {
  ThreeThreads f;
  SampleSelection selection;
  selection.threads = std::vector<uint32_t>{7, 4000000000u};
  EXPECT_EQ(selectSamples(f.profile(), selection).weight, 0u);
}

TEST(SampleFilterTest, ByPid) {
  ThreeThreads f;
  SampleSelection selection;
  selection.pid = 200;
  EXPECT_EQ(selectSamples(f.profile(), selection).weight, 30u);
  selection.threads = std::vector<uint32_t>{0, 1};  // intersected with the pid
  EXPECT_EQ(selectSamples(f.profile(), selection).weight, 0u);
}

TEST(SampleFilterTest, ByHalfOpenTimeRange) {
  ThreeThreads f;
  SampleSelection selection;
  selection.from_ns = 200000000;  // includes the samples at 200 ms
  selection.to_ns = 400000000;    // excludes those at 400 ms
  const SampleTotals totals = selectSamples(f.profile(), selection);
  EXPECT_EQ(totals.records, 6u);
  EXPECT_EQ(totals.weight, 2u * (1 + 2 + 3));
}

TEST(SampleFilterTest, WallModeIdleIsNotCpu) {
  ProfileBuilder b(1000000000);  // a 1 s run
  b.profile().meta.mode = "wall";
  const uint32_t stack = b.stackOf({b.function("main")});
  b.sample(stack, 3, 0, 0, wire::kSampleIdle);
  b.sample(stack, 2, 0, 0);
  const SampleTotals totals = selectSamples(b.profile(), {});
  EXPECT_EQ(totals.weight, 5u);
  EXPECT_EQ(totals.cpu_weight, 2u);
  EXPECT_EQ(totals.thread_cpu_weight[0], 2u);
}

TEST(TimelineTest, BinsOverTheRunPerThread) {
  ThreeThreads f;
  const Timeline timeline = buildTimeline(f.profile(), {}, 5);  // 200 ms bins over 1 s
  EXPECT_EQ(timeline.start_ns, 0u);
  EXPECT_EQ(timeline.end_ns, 1000000000u);
  EXPECT_EQ(timeline.bin_ns, 200000000u);
  ASSERT_EQ(timeline.threads.size(), 3u);
  EXPECT_EQ(timeline.threads[1].thread, 1u);
  EXPECT_EQ(timeline.threads[1].cpu, (std::vector<uint64_t>{4, 4, 4, 4, 4}));  // 2 samples x weight 2
  EXPECT_EQ(timeline.threads[2].cpu_total, 30u);
  EXPECT_EQ(timeline.threads[0].idle, (std::vector<uint64_t>{0, 0, 0, 0, 0}));
}

TEST(TimelineTest, WindowAndThreadsFollowTheSelection) {
  ThreeThreads f;
  SampleSelection selection;
  selection.threads = std::vector<uint32_t>{2};
  selection.from_ns = 500000000;
  selection.to_ns = 700000000;
  const Timeline timeline = buildTimeline(f.profile(), selection, 2);
  EXPECT_EQ(timeline.bin_ns, 100000000u);
  ASSERT_EQ(timeline.threads.size(), 1u);
  EXPECT_EQ(timeline.threads[0].thread, 2u);
  EXPECT_EQ(timeline.threads[0].cpu, (std::vector<uint64_t>{3, 3}));
}

TEST(TimelineTest, IdleSplitInWallModeAndLateSamplesExtendTheWindow) {
  ProfileBuilder b(1000000000);  // a 1 s run
  b.profile().meta.mode = "wall";
  b.profile().meta.duration_ns = 0;  // unknown: the samples define the window
  const uint32_t stack = b.stackOf({b.function("main")});
  b.sample(stack, 1, 0, 0);
  b.sample(stack, 2, 0, 99, wire::kSampleIdle);
  b.sample(stack, 4, 0, 50, wire::kSampleIdle);
  const Timeline timeline = buildTimeline(b.profile(), {}, 4);  // [0, 100) in 25 ns bins
  EXPECT_EQ(timeline.end_ns, 100u);
  ASSERT_EQ(timeline.threads.size(), 1u);
  EXPECT_EQ(timeline.threads[0].cpu, (std::vector<uint64_t>{1, 0, 0, 0}));
  EXPECT_EQ(timeline.threads[0].idle, (std::vector<uint64_t>{0, 0, 4, 2}));
  EXPECT_EQ(timeline.threads[0].idle_total, 6u);
}

TEST(TimelineTest, ZeroBinsAndEmptyProfilesStayWellDefined) {
  ProfileBuilder b(1000000000);  // a 1 s run
  b.profile().meta.duration_ns = 0;
  const Timeline timeline = buildTimeline(b.profile(), {}, 0);
  EXPECT_EQ(timeline.bins, 1u);
  EXPECT_GE(timeline.bin_ns, 1u);
  EXPECT_TRUE(timeline.threads.empty());
}

}  // namespace
}  // namespace pprof::analysis

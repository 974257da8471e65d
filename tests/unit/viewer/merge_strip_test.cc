// mergeProfiles (id remapping, common period, meta) and stripDirectories.
#include <gtest/gtest.h>

#include "analysis/merge_profiles.h"
#include "analysis/stats_report.h"
#include "analysis/strip_dirs.h"
#include "support/profile_builder.h"
#include "sample_profile.h"

namespace pprof::analysis {
namespace {

using pprof::testing::ProfileBuilder;

TEST(MergeProfiles, AppendsWithRemappedIdsAndStaysValid) {
  Profile a = testing::renderSampleProfile(), b = testing::renderSampleProfile();
  b.call_stats.push_back({1, 3, 2, 0.5, 1.0, {{0, 3, 2, 0.5, 1.0}}});
  b.regions.push_back({"solve", static_cast<uint32_t>(b.threads.size() - 1), 10, 20});
  Result<Profile> merged = mergeProfiles({a, b});
  ASSERT_TRUE(merged.isOk()) << merged.message();
  const Profile& m = merged.value();
  ASSERT_TRUE(checkValid(m).isOk()) << checkValid(m).message();
  EXPECT_EQ(m.samples.size(), a.samples.size() * 2);
  EXPECT_EQ(m.processes[a.processes.size() + 1].parent, a.processes[1].parent == kNone ? kNone : a.processes[1].parent + a.processes.size());
  EXPECT_EQ(m.samples.back().stack, b.samples.back().stack + a.stacks.size());
  EXPECT_EQ(m.samples.back().thread, b.samples.back().thread + a.threads.size());
  ASSERT_EQ(m.regions.size(), 1u);  // kept, on the same thread of the second input
  EXPECT_EQ(m.regions[0].thread, b.threads.size() - 1 + a.threads.size());
  EXPECT_EQ(m.regions[0].name, "solve");
  ASSERT_EQ(m.call_stats.size(), 1u);
  EXPECT_EQ(m.call_stats[0].function, 1 + a.functions.size());
  EXPECT_EQ(m.call_stats[0].callers[0].caller, a.functions.size());
  EXPECT_EQ(m.meta.duration_ns, a.meta.duration_ns * 2);
  EXPECT_EQ(m.meta.lost_samples, 6u);
  // Equal functions from both inputs are one row with both inputs' samples.
  StatsReport report = buildStatsReport(mergeProfiles({a, a}).value(), {});
  EXPECT_EQ(report.functions.size(), buildStatsReport(a, {}).functions.size());
  EXPECT_EQ(report.functions[0].self_samples, 1208u);
}

TEST(MergeProfiles, DifferentPeriodsAreRescaledExactly) {
  ProfileBuilder fast, slow;
  fast.profile().meta.period_ns = 1000000;  // 1 ms
  slow.profile().meta.period_ns = 4000000;  // 4 ms
  fast.sample(fast.stack({fast.location({fast.function("f")})}), 3);
  slow.sample(slow.stack({slow.location({slow.function("f")})}), 2);
  Result<Profile> merged = mergeProfiles({fast.profile(), slow.profile()});
  ASSERT_TRUE(merged.isOk());
  EXPECT_EQ(merged.value().meta.period_ns, 1000000u);
  EXPECT_EQ(merged.value().samples[1].weight, 8u);
  StatsReport report = buildStatsReport(merged.value(), {});
  EXPECT_DOUBLE_EQ(report.functions[0].self_seconds, 0.011);

  slow.profile().samples[0].weight = UINT32_MAX;
  EXPECT_FALSE(mergeProfiles({fast.profile(), slow.profile()}).isOk());
  EXPECT_TRUE(mergeProfiles({}).isOk());
}

TEST(StripDirectories, MergesFunctionsThatLookAlikeWithoutDirectories) {
  ProfileBuilder b;
  uint32_t m1 = b.module("/a/lib.so"), m2 = b.module("/b/lib.so");
  uint32_t f1 = b.function("f", "/src/a/x.cc", 1, m1), f2 = b.function("f", "/src/b/x.cc", 1, m2);
  b.samples(b.stack({b.location({f1}, m1)}), 2);
  b.samples(b.stack({b.location({f2}, m2)}), 3);
  EXPECT_EQ(buildStatsReport(b.profile(), {}).functions.size(), 2u);
  stripDirectories(b.profile());
  StatsReport report = buildStatsReport(b.profile(), {});
  ASSERT_EQ(report.functions.size(), 1u);
  EXPECT_EQ(report.functions[0].label, "x.cc:1(f)");
  EXPECT_EQ(report.functions[0].self_samples, 5u);
}

}  // namespace
}  // namespace pprof::analysis

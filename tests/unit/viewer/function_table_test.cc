// Self/total attribution of the function table on hand-built profiles.
#include <gtest/gtest.h>

#include "analysis/frame_index.h"
#include "analysis/function_table.h"
#include "analysis/sample_totals.h"
#include "analysis/stats_report.h"
#include "support/profile_builder.h"

namespace pprof::analysis {
namespace {

using pprof::testing::ProfileBuilder;

std::vector<FunctionStats> tableOf(const Profile& p) {
  return functionTable(p, FrameIndex::build(p), sumSamples(p));
}

const FunctionStats& row(const std::vector<FunctionStats>& rows, const std::string& name) {
  for (const auto& r : rows) {
    if (r.name == name) return r;
  }
  static FunctionStats missing;
  ADD_FAILURE() << "no row for " << name;
  return missing;
}

TEST(FunctionTable, SelfIsLeafTotalIsOnStack) {
  ProfileBuilder b;
  uint32_t fmain = b.function("main", "app.cc", 1), fa = b.function("a", "app.cc", 5),
           fb = b.function("b", "app.cc", 9);
  uint32_t lmain = b.location({fmain}), la = b.location({fa}), lb = b.location({fb});
  b.samples(b.stack({lb, la, lmain}), 3);
  b.samples(b.stack({la, lmain}), 1);
  auto rows = tableOf(b.profile());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(row(rows, "b").self_samples, 3u);
  EXPECT_EQ(row(rows, "b").total_samples, 3u);
  EXPECT_EQ(row(rows, "a").self_samples, 1u);
  EXPECT_EQ(row(rows, "a").total_samples, 4u);
  EXPECT_EQ(row(rows, "main").self_samples, 0u);
  EXPECT_EQ(row(rows, "main").total_samples, 4u);
  EXPECT_EQ(row(rows, "a").file, "app.cc");
  EXPECT_EQ(row(rows, "a").line, 5u);
  EXPECT_FALSE(row(rows, "a").calls.has_value());
}

TEST(FunctionTable, RecursionCountsOncePerSample) {
  ProfileBuilder b;
  uint32_t fmain = b.function("main"), ffib = b.function("fib");
  uint32_t lmain = b.location({fmain}), lfib1 = b.location({ffib}), lfib2 = b.location({ffib});
  b.samples(b.stack({lfib1, lfib2, lfib2, lfib2, lmain}), 2);
  b.samples(b.stack({lmain}), 2);
  auto rows = tableOf(b.profile());
  EXPECT_EQ(row(rows, "fib").self_samples, 2u);
  EXPECT_EQ(row(rows, "fib").total_samples, 2u);
  EXPECT_DOUBLE_EQ(row(rows, "fib").total_percent, 50.0);
  EXPECT_EQ(row(rows, "main").self_samples, 2u);
  EXPECT_EQ(row(rows, "main").total_samples, 4u);
}

TEST(FunctionTable, InlinedCalleeGetsSelfCallerGetsTotal) {
  ProfileBuilder b;
  uint32_t fmain = b.function("main"), fouter = b.function("outer"), fkernel = b.function("kernel");
  uint32_t lmain = b.location({fmain});
  uint32_t lfused = b.location({fkernel, fouter});  // kernel inlined into outer
  b.samples(b.stack({lfused, lmain}), 5);
  auto rows = tableOf(b.profile());
  EXPECT_EQ(row(rows, "kernel").self_samples, 5u);
  EXPECT_EQ(row(rows, "kernel").total_samples, 5u);
  EXPECT_EQ(row(rows, "outer").self_samples, 0u);
  EXPECT_EQ(row(rows, "outer").total_samples, 5u);
  EXPECT_EQ(row(rows, "main").total_samples, 5u);
}

TEST(FunctionTable, FunctionAtSeveralInlineLevelsCountsOnce) {
  ProfileBuilder b;
  uint32_t fhelper = b.function("helper"), fouter = b.function("outer");
  uint32_t l = b.location({fhelper, fouter, fhelper, fouter});
  b.samples(b.stack({l}), 3);
  auto rows = tableOf(b.profile());
  EXPECT_EQ(row(rows, "helper").self_samples, 3u);
  EXPECT_EQ(row(rows, "helper").total_samples, 3u);
  EXPECT_EQ(row(rows, "outer").total_samples, 3u);
}

TEST(FunctionTable, UnsymbolizedLocationsBecomeSyntheticFrames) {
  ProfileBuilder b;
  uint32_t lib = b.module("/usr/lib/libfoo.so.1");
  uint32_t fmain = b.function("main", "app.cc", 1);
  uint32_t lmain = b.location({fmain});
  uint32_t lraw = b.unsymbolized(lib, 0x1a2b);
  uint32_t lraw_same = b.unsymbolized(lib, 0x1a2b);  // same code, second Location record
  uint32_t labs = b.unsymbolized(kNone, 0xdead);
  b.samples(b.stack({lraw, lmain}), 2);
  b.samples(b.stack({lraw_same, lmain}), 1);
  b.samples(b.stack({labs, lmain}), 1);
  auto rows = tableOf(b.profile());
  ASSERT_EQ(rows.size(), 3u);
  const auto& raw = row(rows, "libfoo.so.1+0x1a2b");
  EXPECT_EQ(raw.self_samples, 3u);
  EXPECT_EQ(raw.module, "libfoo.so.1");
  EXPECT_EQ(raw.file, "");
  EXPECT_EQ(row(rows, "0xdead").self_samples, 1u);
  EXPECT_EQ(row(rows, "0xdead").module, "");
  EXPECT_EQ(row(rows, "main").total_samples, 4u);
}

TEST(FunctionTable, WeightsAndPeriodGiveSeconds) {
  ProfileBuilder b;
  b.profile().meta.period_ns = 4000000;  // 250 Hz
  uint32_t fa = b.function("a"), fb = b.function("b");
  uint32_t la = b.location({fa}), lb = b.location({fb});
  b.sample(b.stack({la}), 3);  // one record standing for 3 periods (timer overruns)
  b.sample(b.stack({lb}), 1);
  auto rows = tableOf(b.profile());
  EXPECT_EQ(row(rows, "a").self_samples, 3u);
  EXPECT_DOUBLE_EQ(row(rows, "a").self_seconds, 0.012);
  EXPECT_DOUBLE_EQ(row(rows, "a").total_seconds, 0.012);
  EXPECT_DOUBLE_EQ(row(rows, "a").self_percent, 75.0);
  EXPECT_DOUBLE_EQ(row(rows, "b").self_percent, 25.0);
  EXPECT_DOUBLE_EQ(row(rows, "b").total_seconds, 0.004);
}

TEST(FunctionTable, SameFunctionAcrossRecordsAndProcessesIsOneRow) {
  ProfileBuilder b;
  uint32_t child = b.process(101);
  uint32_t tchild = b.thread(child, 101, "worker");
  uint32_t exe0 = b.module("/bin/app", 0), exe1 = b.module("/bin/app", child);
  uint32_t f0 = b.function("work", "app.cc", 3, exe0), f1 = b.function("work", "app.cc", 3, exe1);
  b.samples(b.stack({b.location({f0})}), 2);
  b.samples(b.stack({b.location({f1})}), 3, tchild);
  auto rows = tableOf(b.profile());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].self_samples, 5u);
  EXPECT_EQ(rows[0].module, "app");
}

TEST(FunctionTable, FunctionsNeverSampledAreLeftOut) {
  ProfileBuilder b;
  uint32_t fa = b.function("a");
  b.function("unused");
  b.stack({b.location({fa})});  // a stack with no samples
  EXPECT_TRUE(tableOf(b.profile()).empty());
}

TEST(FunctionTable, DanglingIdsDoNotCrash) {
  ProfileBuilder b;
  uint32_t fa = b.function("a");
  uint32_t la = b.location({fa});
  b.profile().locations[la].lines.push_back({999, 1});  // function out of range
  b.sample(b.stack({la, 12345}));
  b.profile().samples.push_back({777, 888, 0, 1, 0});  // stack and thread out of range
  auto report = buildStatsReport(b.profile(), {});
  EXPECT_EQ(report.run.samples, 2u);
  ASSERT_EQ(report.functions.size(), 1u);
  EXPECT_EQ(report.functions[0].self_samples, 1u);
}

TEST(FunctionTable, ManySamplesOverManyStacks) {
  // The shape the speed goal is about (1M samples, 10k stacks); checks the aggregation is
  // exact at scale. Time is measured outside the test suite, never asserted here.
  ProfileBuilder b;
  std::vector<uint32_t> fns, locs;
  for (int i = 0; i < 200; ++i) {
    fns.push_back(b.function("f" + std::to_string(i)));
    locs.push_back(b.location({fns.back()}));
  }
  const int kStacks = 10000;
  for (int s = 0; s < kStacks; ++s) {
    std::vector<uint32_t> stack;
    for (int d = 0; d < 20; ++d) stack.push_back(locs[(s * 7 + d * 13) % locs.size()]);
    b.stack(stack);
  }
  b.profile().samples.reserve(1000000);
  for (int i = 0; i < 1000000; ++i) b.sample(static_cast<uint32_t>(i % kStacks));
  auto report = buildStatsReport(b.profile(), StatsQuery{});
  uint64_t self_sum = 0;
  for (const auto& r : report.functions) self_sum += r.self_samples;
  EXPECT_EQ(self_sum, 1000000u);
  EXPECT_EQ(report.run.samples, 1000000u);
}

}  // namespace
}  // namespace pprof::analysis

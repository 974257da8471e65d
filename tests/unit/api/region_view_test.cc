// pprof-stats and regions: --region keeps the samples inside the named ranges (of any thread,
// overlapping ranges merged, ends exclusive), the header summarizes by name, JSON lists each.
#include "cli/region_view.h"

#include <gtest/gtest.h>

namespace pprof::cli {
namespace {

// Two threads of one process; samples every 10 ns from 0 to 190 on thread 1.
Profile profile() {
  Profile p;
  Process process;
  process.pid = 100;
  p.processes.push_back(process);
  p.threads.push_back({.process = 0, .tid = 100, .name = "main", .start_ns = 0, .end_ns = 0});
  p.threads.push_back({.process = 0, .tid = 101, .name = "worker", .start_ns = 0, .end_ns = 0});
  p.locations.push_back({});
  p.stacks.push_back({{0}});
  for (uint64_t t = 0; t < 200; t += 10) p.samples.push_back({.stack = 0, .thread = 1, .timestamp_ns = t});
  p.regions.push_back({.name = "load", .thread = 0, .start_ns = 20, .end_ns = 50});
  p.regions.push_back({.name = "load", .thread = 0, .start_ns = 40, .end_ns = 70});  // overlaps
  p.regions.push_back({.name = "load", .thread = 1, .start_ns = 150, .end_ns = 160});
  p.regions.push_back({.name = "report", .thread = 0, .start_ns = 5, .end_ns = 1'500'000'005});
  return p;
}

std::vector<uint64_t> times(const Profile& p) {
  std::vector<uint64_t> out;
  for (const Sample& s : p.samples) out.push_back(s.timestamp_ns);
  return out;
}

TEST(RegionView, KeepsSamplesInsideAnyRangeOfTheName) {
  Profile p = profile();
  ASSERT_TRUE(keepRegionSamples(p, "load").isOk());
  EXPECT_EQ(times(p), (std::vector<uint64_t>{20, 30, 40, 50, 60, 150}));  // [20,70) and [150,160)
}

TEST(RegionView, UnknownNameListsTheKnownOnes) {
  Profile p = profile();
  EXPECT_EQ(keepRegionSamples(p, "x").message(), "--region: no region named 'x' (regions: report, load)");
  EXPECT_EQ(p.samples.size(), 20u);
  Profile none;
  EXPECT_EQ(keepRegionSamples(none, "x").message(), "--region: no region named 'x' (the profile has no regions)");
}

TEST(RegionView, TotalsByNameInStartOrder) {
  std::vector<RegionTotals> totals = regionTotals(profile());
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].name, "report");
  EXPECT_EQ(totals[1].name, "load");
  EXPECT_EQ(totals[1].count, 3u);
  EXPECT_EQ(totals[1].wall_ns, 30u + 30u + 10u);
}

TEST(RegionView, HeaderLines) {
  Profile p = profile();
  p.meta.regions_only = true;
  EXPECT_EQ(regionHeaderLines(p, "load"),
            "         sampled only while a region was open (regions-only mode)\n"
            "         regions (wall time): report 1.500 s, load 0.000 s (3x)\n"
            "         only samples taken inside region 'load'\n");
  EXPECT_EQ(regionHeaderLines(Profile{}, ""), "");
}

TEST(RegionView, JsonListsEveryRangeWithItsThread) {
  nlohmann::ordered_json json = regionsJson(profile());
  ASSERT_EQ(json.size(), 4u);
  EXPECT_EQ(json[0].dump(),
            R"({"name":"report","pid":100,"tid":100,"thread":"main","start_seconds":5e-09,)"
            R"("end_seconds":1.500000005,"seconds":1.5})");
  EXPECT_EQ(json[3].at("tid"), 101);
  EXPECT_EQ(json[3].at("thread"), "worker");
}

}  // namespace
}  // namespace pprof::cli

// The query features on sampled profiles: restrictions (count, fraction, regex, in order, with
// pstats' messages), --by line/file/module, --pid/--tid, and caller/callee edges; and the
// pstats semantics of deterministic call statistics (merging entries, callers).
#include <gtest/gtest.h>

#include "analysis/stats_report.h"
#include "support/profile_builder.h"
#include "sample_profile.h"

namespace pprof::analysis {
namespace {

using pprof::testing::ProfileBuilder;

std::vector<std::string> labels(const std::vector<FunctionStats>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.label);
  return out;
}

TEST(Restrictions, AppliedInOrderWithPstatsMessages) {
  StatsQuery q;
  q.restrictions.push_back(Restriction::fraction(0.5));
  q.restrictions.push_back(Restriction::regex("a(pp|nalysis)").value());
  StatsReport r = buildStatsReport(testing::renderSampleProfile(), q);
  EXPECT_EQ(r.notes, (std::vector<std::string>{"   List reduced from 6 to 3 due to restriction <0.5>",
                                               "   List reduced from 3 to 2 due to restriction <'a(pp|nalysis)'>"}));
  EXPECT_EQ(r.functions_before_limit, 6u);
  std::vector<FunctionStats> rows(3);
  EXPECT_EQ(Restriction::count(3).apply(rows), "");
  EXPECT_EQ(Restriction::count(0).apply(rows), "   List reduced from 3 to 0 due to restriction <0>");
  EXPECT_EQ(pythonRepr("it's"), "\"it's\"");
  EXPECT_EQ(pythonRepr("a\\b\n'\""), "'a\\\\b\\n\\'\"'");
  EXPECT_FALSE(Restriction::regex("[").isOk());
}

TEST(Grouping, ByLineFileAndModule) {
  ProfileBuilder b;
  uint32_t exe = b.module("/bin/app"), lib = b.module("/lib/libm.so");
  uint32_t fmain = b.function("main", "main.cc", 1, exe), fsin = b.function("sin", "", 0, lib);
  uint32_t l10 = b.location({fmain}, exe), l20 = b.location({fmain}, exe);
  b.profile().locations[l20].lines[0].line = 20;
  uint32_t lsin = b.location({fsin}, lib);
  b.samples(b.stack({l10}), 2);
  b.samples(b.stack({lsin, l20}), 3);
  StatsQuery q;
  q.grouping = Grouping::kLine;
  EXPECT_EQ(labels(buildStatsReport(b.profile(), q).functions),
            (std::vector<std::string>{"libm.so:10(sin)", "main.cc:10(main)", "main.cc:20(main)"}));
  q.grouping = Grouping::kFile;
  auto by_file = buildStatsReport(b.profile(), q).functions;
  EXPECT_EQ(labels(by_file), (std::vector<std::string>{"{unknown file}", "main.cc:0(*)"}));
  EXPECT_EQ(by_file[1].total_samples, 5u);
  EXPECT_EQ(by_file[1].self_samples, 2u);
  q.grouping = Grouping::kModule;
  EXPECT_EQ(labels(buildStatsReport(b.profile(), q).functions),
            (std::vector<std::string>{"/lib/libm.so:0(*)", "/bin/app:0(*)"}));
}

TEST(SampleFilter, PidAndTidRestrictSamplesThreadsAndProcesses) {
  StatsQuery q;
  q.filter.pid = 100;
  StatsReport r = buildStatsReport(testing::renderSampleProfile(), q);
  EXPECT_EQ(r.run.samples, 855u);
  EXPECT_EQ(r.threads.size(), 2u);
  EXPECT_EQ(r.processes.size(), 1u);
  EXPECT_EQ(r.run.processes, 1u);
  q.filter.tid = 101;
  r = buildStatsReport(testing::renderSampleProfile(), q);
  EXPECT_EQ(r.run.samples, 254u);
  EXPECT_EQ(r.run.threads, 1u);
  q.filter.pid = 4242;  // tid 101 is not in pid 4242
  EXPECT_EQ(buildStatsReport(testing::renderSampleProfile(), q).run.samples, 0u);
}

TEST(CallListing, SampledEdgesCountSamplesOncePerEdge) {
  // main -> walk -> walk -> walk (recursion) and main -> walk -> memcpy, from the sample profile.
  StatsQuery q;
  q.callers = Restriction::regex("walk").value();
  q.callees = Restriction::regex("walk").value();
  StatsReport r = buildStatsReport(testing::renderSampleProfile(), q);
  ASSERT_EQ(r.callers->entries.size(), 1u);
  const auto& callers = r.callers->entries[0].edges;
  ASSERT_EQ(callers.size(), 2u);  // sorted by (file, line, name): main.cc before tree.cc
  EXPECT_EQ(callers[0].name, "main");
  EXPECT_EQ(callers[0].stats.calls, 350u);
  EXPECT_DOUBLE_EQ(callers[0].stats.self_seconds, 0.0);  // walk is never the leaf right under main
  EXPECT_EQ(callers[1].name, "walk");
  EXPECT_EQ(callers[1].stats.calls, 250u);  // recursion counted once per sample
  EXPECT_DOUBLE_EQ(callers[1].stats.self_seconds, 0.25);
  const auto& callees = r.callees->entries[0].edges;
  ASSERT_EQ(callees.size(), 2u);
  EXPECT_EQ(callees[0].name, "__memmove_avx_unaligned_erms");  // no file: sorts first, as in pstats
  EXPECT_DOUBLE_EQ(callees[0].stats.total_seconds, 0.1);
  EXPECT_EQ(callees[1].name, "walk");
  EXPECT_TRUE(r.callers->subheader);
  EXPECT_EQ(r.callers->name_width, std::string("/home/u/app/tree.cc:40(walk)").size() + 2);
}

TEST(CallStatsTable, EntriesAddUpLikePstatsAdd) {
  ProfileBuilder b;
  uint32_t f = b.function("f", "a.py", 1), g = b.function("g", "a.py", 5), f2 = b.function("f", "a.py", 1);
  Profile& p = b.profile();
  p.call_stats.push_back({g, 1, 1, 0.5, 2.0, {}});
  p.call_stats.push_back({f, 4, 2, 1.0, 1.5, {{g, 4, 2, 1.0, 1.5}}});
  p.call_stats.push_back({f2, 1, 1, 0.25, 0.5, {{g, 1, 1, 0.25, 0.5}}});  // same function again
  StatsReport r = buildStatsReport(p, {});
  ASSERT_TRUE(r.deterministic);
  ASSERT_EQ(r.functions.size(), 2u);
  const FunctionStats& row = r.functions[0];  // time: f (1.25) before g (0.5)
  EXPECT_EQ(row.label, "a.py:1(f)");
  EXPECT_EQ(row.calls, 5u);
  EXPECT_EQ(row.primitive_calls, 3u);
  EXPECT_DOUBLE_EQ(row.self_seconds, 1.25);
  EXPECT_EQ(r.call_totals.calls, 6u);
  EXPECT_DOUBLE_EQ(r.call_totals.self_seconds, 1.75);
  EXPECT_DOUBLE_EQ(row.self_percent, 100.0 * 1.25 / 1.75);
  StatsQuery q;
  q.callers = Restriction::regex("\\(f\\)").value();
  auto callers = buildStatsReport(p, q).callers->entries.at(0).edges;
  ASSERT_EQ(callers.size(), 1u);
  EXPECT_EQ(callers[0].stats.calls, 5u);
  EXPECT_DOUBLE_EQ(callers[0].stats.total_seconds, 2.0);
}

}  // namespace
}  // namespace pprof::analysis

// Sort keys, tie breaking and --top.
#include <gtest/gtest.h>

#include "analysis/function_order.h"
#include "analysis/stats_report.h"
#include "profile_builder.h"

namespace pprof::analysis {
namespace {

using pprof::testing::ProfileBuilder;

// main -> {zeta (3 self), alpha (3 self), mid (1 self, calls leaf with 4 self)}
Profile orderingProfile() {
  ProfileBuilder b;
  uint32_t lmain = b.location({b.function("main")});
  uint32_t lzeta = b.location({b.function("zeta")}), lalpha = b.location({b.function("alpha")});
  uint32_t lmid = b.location({b.function("mid")}), lleaf = b.location({b.function("leaf")});
  b.samples(b.stack({lzeta, lmain}), 3);
  b.samples(b.stack({lalpha, lmain}), 3);
  b.samples(b.stack({lmid, lmain}), 1);
  b.samples(b.stack({lleaf, lmid, lmain}), 4);
  return b.profile();
}

std::vector<std::string> names(const StatsReport& report) {
  std::vector<std::string> out;
  for (const auto& f : report.functions) out.push_back(f.name);
  return out;
}

TEST(FunctionOrder, ParsesPstatsNames) {
  EXPECT_EQ(parseSortKey("time"), SortKey::kSelf);
  EXPECT_EQ(parseSortKey("tottime"), SortKey::kSelf);
  EXPECT_EQ(parseSortKey("cumulative"), SortKey::kTotal);
  EXPECT_EQ(parseSortKey("cumtime"), SortKey::kTotal);
  EXPECT_FALSE(parseSortKey("Time").has_value());
  EXPECT_FALSE(parseSortKey("").has_value());
  EXPECT_EQ(sortKeyDescription(SortKey::kSelf), "internal time");
  EXPECT_EQ(sortKeyDescription(SortKey::kTotal), "cumulative time");
}

TEST(FunctionOrder, TimeSortsBySelfThenName) {
  auto report = buildStatsReport(orderingProfile(), {SortKey::kSelf, std::nullopt});
  EXPECT_EQ(names(report), (std::vector<std::string>{"leaf", "alpha", "zeta", "mid", "main"}));
}

TEST(FunctionOrder, CumulativeSortsByTotalThenName) {
  auto report = buildStatsReport(orderingProfile(), {SortKey::kTotal, std::nullopt});
  EXPECT_EQ(names(report), (std::vector<std::string>{"main", "mid", "leaf", "alpha", "zeta"}));
}

TEST(FunctionOrder, TopKeepsFirstNAndRemembersHowMany) {
  auto report = buildStatsReport(orderingProfile(), {SortKey::kSelf, 2});
  EXPECT_EQ(names(report), (std::vector<std::string>{"leaf", "alpha"}));
  EXPECT_EQ(report.functions_before_limit, 5u);
  auto all = buildStatsReport(orderingProfile(), {SortKey::kSelf, 50});
  EXPECT_EQ(all.functions.size(), 5u);
}

TEST(FunctionOrder, OrderDoesNotDependOnInputOrder) {
  std::vector<FunctionStats> rows(3);
  rows[0].name = "b"; rows[0].self_samples = 1;
  rows[1].name = "a"; rows[1].self_samples = 1; rows[1].file = "z.cc";
  rows[2].name = "a"; rows[2].self_samples = 1; rows[2].file = "y.cc";
  auto reversed = std::vector<FunctionStats>(rows.rbegin(), rows.rend());
  sortFunctions(rows, SortKey::kSelf);
  sortFunctions(reversed, SortKey::kSelf);
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].name + rows[i].file, reversed[i].name + reversed[i].file);
  }
  EXPECT_EQ(rows[0].file, "y.cc");
  EXPECT_EQ(rows[2].name, "b");
}

}  // namespace
}  // namespace pprof::analysis

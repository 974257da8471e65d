// Sort keys, tie breaking and --top.
#include <gtest/gtest.h>

#include "analysis/function_order.h"
#include "analysis/stats_report.h"
#include "support/profile_builder.h"

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

StatsQuery query(std::vector<SortKey> keys, std::optional<size_t> top = std::nullopt) {
  StatsQuery q;
  q.sort = std::move(keys);
  if (top) q.restrictions.push_back(Restriction::count(*top));
  return q;
}

TEST(FunctionOrder, ParsesPstatsNames) {
  EXPECT_EQ(parseSortKey("time"), SortKey::kTime);
  EXPECT_EQ(parseSortKey("tottime"), SortKey::kTime);
  EXPECT_EQ(parseSortKey("cumulative"), SortKey::kCumulative);
  EXPECT_EQ(parseSortKey("cumtime"), SortKey::kCumulative);
  EXPECT_EQ(parseSortKey("ncalls"), SortKey::kCalls);
  EXPECT_EQ(parseSortKey("module"), SortKey::kFile);
  EXPECT_EQ(parseSortKey("nfl"), SortKey::kNameFileLine);
  EXPECT_EQ(parseSortKey("samples"), SortKey::kSamples);
  EXPECT_FALSE(parseSortKey("Time").has_value());
  EXPECT_FALSE(parseSortKey("").has_value());
  EXPECT_EQ(sortKeyDescription({SortKey::kTime}), "internal time");
  EXPECT_EQ(sortKeyDescription({SortKey::kCumulative, SortKey::kName, SortKey::kPrimitiveCalls}),
            "cumulative time, function name, primitive call count");
  EXPECT_EQ(parseSortKeys("calls,stdname").value(), (std::vector<SortKey>{SortKey::kCalls, SortKey::kStdName}));
  EXPECT_FALSE(parseSortKeys("time,").isOk());
}

TEST(FunctionOrder, SeveralKeysBreakTiesInOrderAndTiesKeepIncomingOrder) {
  std::vector<FunctionStats> rows(4);
  const char* names[] = {"b", "a", "c", "a"};
  const char* files[] = {"x.py", "y.py", "x.py", "x.py"};
  const uint32_t lines[] = {3, 1, 2, 9};
  for (int i = 0; i < 4; ++i) rows[i].name = names[i], rows[i].file = files[i], rows[i].line = lines[i], rows[i].frame = i;
  auto by = [&](std::vector<SortKey> keys) {
    auto copy = rows;
    sortFunctions(copy, keys);
    std::vector<uint32_t> order;
    for (const auto& r : copy) order.push_back(r.frame);
    return order;
  };
  EXPECT_EQ(by({SortKey::kFile}), (std::vector<uint32_t>{0, 2, 3, 1}));  // stable within x.py
  EXPECT_EQ(by({SortKey::kFile, SortKey::kLine}), (std::vector<uint32_t>{2, 0, 3, 1}));
  EXPECT_EQ(by({SortKey::kName}), (std::vector<uint32_t>{1, 3, 0, 2}));
  EXPECT_EQ(by({SortKey::kNameFileLine}), (std::vector<uint32_t>{3, 1, 0, 2}));
  rows[2].calls = 5, rows[2].primitive_calls = 1;
  rows[0].calls = 2, rows[0].primitive_calls = 2;
  EXPECT_EQ(by({SortKey::kCalls})[0], 2u);   // numbers descending
  EXPECT_EQ(by({SortKey::kPrimitiveCalls})[0], 0u);
}

TEST(FunctionOrder, TimeSortsBySelfThenName) {
  auto report = buildStatsReport(orderingProfile(), query({SortKey::kTime}));
  EXPECT_EQ(names(report), (std::vector<std::string>{"leaf", "alpha", "zeta", "mid", "main"}));
}

TEST(FunctionOrder, CumulativeSortsByTotalThenName) {
  auto report = buildStatsReport(orderingProfile(), query({SortKey::kCumulative}));
  EXPECT_EQ(names(report), (std::vector<std::string>{"main", "mid", "leaf", "alpha", "zeta"}));
}

TEST(FunctionOrder, TopKeepsFirstNAndRemembersHowMany) {
  auto report = buildStatsReport(orderingProfile(), query({SortKey::kTime}, 2));
  EXPECT_EQ(names(report), (std::vector<std::string>{"leaf", "alpha"}));
  EXPECT_EQ(report.functions_before_limit, 5u);
  auto all = buildStatsReport(orderingProfile(), query({SortKey::kTime}, 50));
  EXPECT_EQ(all.functions.size(), 5u);
}

TEST(FunctionOrder, EqualRowsKeepTheirIncomingOrder) {
  std::vector<FunctionStats> rows(3);
  rows[0].name = "b"; rows[0].self_samples = 1;
  rows[1].name = "a"; rows[1].self_samples = 1; rows[1].file = "z.cc";
  rows[2].name = "a"; rows[2].self_samples = 1; rows[2].file = "y.cc";
  auto reversed = std::vector<FunctionStats>(rows.rbegin(), rows.rend());
  // Tables come in natural order; the sort keeps ties in that order, as pstats keeps its dict's.
  sortFunctions(rows, {SortKey::kTime});
  sortFunctions(reversed, {SortKey::kTime});
  EXPECT_EQ(rows[0].name, "b");
  EXPECT_EQ(reversed[0].file, "y.cc");
}

}  // namespace
}  // namespace pprof::analysis

// Comparing two profiles per function (compare/function_diff.h), on hand-built BASE and NEW
// runs whose answer is known: a function that got faster, one renamed (gone and new), one added,
// one removed, recursion counted once, a function moved to another line, two lambdas of one
// file, runs of different periods and lengths, and the golden table and JSON.
#include "compare/function_diff.h"

#include <gtest/gtest.h>

#include <string>

#include "compare/diff_render.h"
#include "support/golden.h"
#include "support/profile_builder.h"

namespace pprof::compare {
namespace {

using testing::ProfileBuilder;

const DiffRow* row(const DiffReport& r, const std::string& name) {
  for (const DiffRow& d : r.rows) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

DiffReport diff(ProfileBuilder& base, ProfileBuilder& next, DiffQuery query = {}) {
  if (query.query.sort == std::vector<analysis::SortKey>{analysis::SortKey::kTime}) query.query.sort = {analysis::SortKey::kDelta};
  auto r = diffProfiles(base.profile(), next.profile(), query);
  EXPECT_TRUE(r.isOk()) << r.message();
  return r.isOk() ? std::move(r).value() : DiffReport{};
}

// BASE: main > parse 600 ms, main > legacy_sum 200 ms, main > old_helper 100 ms.
// NEW:  main > parse 200 ms, main > sum 200 ms (legacy_sum renamed), main > merge 50 ms.
struct BeforeAfter {
  ProfileBuilder base, next;
  BeforeAfter() {
    const uint32_t main = base.function("main", "app.cc", 1), parse = base.function("parse", "app.cc", 10),
                   legacy = base.function("legacy_sum", "app.cc", 30), old = base.function("old_helper", "app.cc", 50);
    base.samples(base.stackOf({parse, main}), 600);
    base.samples(base.stackOf({legacy, main}), 200);
    base.samples(base.stackOf({old, main}), 100);
    const uint32_t main2 = next.function("main", "app.cc", 1), parse2 = next.function("parse", "app.cc", 10),
                   sum = next.function("sum", "app.cc", 30), merge = next.function("merge", "app.cc", 70);
    next.samples(next.stackOf({parse2, main2}), 200);
    next.samples(next.stackOf({sum, main2}), 200);
    next.samples(next.stackOf({merge, main2}), 50);
  }
};

TEST(FunctionDiff, BothSidesWithTheirChangeLargestFirst) {
  BeforeAfter run;
  const DiffReport r = diff(run.base, run.next);
  ASSERT_FALSE(r.rows.empty());
  EXPECT_EQ(r.rows[0].name, "parse");  // self 0.6 s -> 0.2 s: the largest change
  const DiffRow* parse = row(r, "parse");
  ASSERT_NE(parse, nullptr);
  EXPECT_EQ(parse->status, DiffStatus::kBoth);
  EXPECT_NEAR(parse->base_self, 0.6, 1e-9);
  EXPECT_NEAR(parse->new_self, 0.2, 1e-9);
  EXPECT_NEAR(parse->deltaSelf(), -0.4, 1e-9);
  EXPECT_EQ(r.ordered_by, "change in internal time");
}

TEST(FunctionDiff, DefaultOrderIsTheLargestChangeOfSelfTime) {
  BeforeAfter run;
  const DiffReport r = diff(run.base, run.next);
  // parse -0.4, legacy_sum -0.2 (gone), sum +0.2 (new), old_helper -0.1 (gone), merge +0.05, main 0.
  ASSERT_EQ(r.rows.size(), 6u);
  EXPECT_EQ(r.rows[0].name, "parse");
  EXPECT_EQ(r.rows.back().name, "main");
}

TEST(FunctionDiff, RenamedAddedAndRemovedFunctionsAreNewOrGone) {
  BeforeAfter run;
  const DiffReport r = diff(run.base, run.next);
  EXPECT_EQ(row(r, "legacy_sum")->status, DiffStatus::kGone);
  EXPECT_NEAR(row(r, "legacy_sum")->new_self, 0, 1e-12);
  EXPECT_EQ(row(r, "sum")->status, DiffStatus::kNew);
  EXPECT_NEAR(row(r, "sum")->base_self, 0, 1e-12);
  EXPECT_EQ(row(r, "old_helper")->status, DiffStatus::kGone);
  EXPECT_EQ(row(r, "merge")->status, DiffStatus::kNew);
  EXPECT_NEAR(row(r, "main")->deltaTotal(), -0.45, 1e-9);
}

TEST(FunctionDiff, RecursionCountsASampleOnceOnEachSide) {
  ProfileBuilder base, next;
  const uint32_t f = base.function("walk", "t.py", 3), m = base.function("main", "t.py", 1);
  base.samples(base.stackOf({f, f, f, m}), 100);
  const uint32_t f2 = next.function("walk", "t.py", 3), m2 = next.function("main", "t.py", 1);
  next.samples(next.stackOf({f2, f2, m2}), 300);
  const DiffReport r = diff(base, next);
  EXPECT_NEAR(row(r, "walk")->base_total, 0.1, 1e-9);
  EXPECT_NEAR(row(r, "walk")->new_total, 0.3, 1e-9);
}

TEST(FunctionDiff, AFunctionMovedToAnotherLineIsStillOneRowButTwoLambdasStayApart) {
  ProfileBuilder base, next;
  const uint32_t m = base.function("main", "t.py", 1), moved = base.function("load", "t.py", 10),
                 l1 = base.function("<lambda>", "t.py", 20), l2 = base.function("<lambda>", "t.py", 21);
  base.samples(base.stackOf({moved, m}), 100);
  base.samples(base.stackOf({l1, m}), 10);
  base.samples(base.stackOf({l2, m}), 20);
  const uint32_t m2 = next.function("main", "t.py", 1), moved2 = next.function("load", "t.py", 14),
                 n1 = next.function("<lambda>", "t.py", 20), n2 = next.function("<lambda>", "t.py", 21);
  next.samples(next.stackOf({moved2, m2}), 50);
  next.samples(next.stackOf({n1, m2}), 40);
  next.samples(next.stackOf({n2, m2}), 20);
  const DiffReport r = diff(base, next);
  EXPECT_EQ(r.rows.size(), 4u);
  const DiffRow* load = row(r, "load");
  ASSERT_NE(load, nullptr);
  EXPECT_EQ(load->status, DiffStatus::kBoth);
  EXPECT_EQ(load->line, 14u);  // NEW's identity
  for (const DiffRow& d : r.rows) {
    if (d.name != "<lambda>") continue;
    EXPECT_EQ(d.status, DiffStatus::kBoth);
    EXPECT_NEAR(d.deltaSelf(), d.line == 20 ? 0.03 : 0.0, 1e-9) << d.line;
  }
}

TEST(FunctionDiff, RunsOfDifferentPeriodsAndLengthsCompareInSecondsOrShares) {
  ProfileBuilder base(1000000000), next(4000000000);
  next.profile().meta.frequency_hz = 100, next.profile().meta.period_ns = 10000000;  // 10 ms
  const uint32_t a = base.function("a"), b = base.function("b");
  base.samples(base.stackOf({a}), 500);  // 0.5 s, 50%
  base.samples(base.stackOf({b}), 500);
  const uint32_t a2 = next.function("a"), b2 = next.function("b");
  next.samples(next.stackOf({a2}), 100);  // 1.0 s, 25%
  next.samples(next.stackOf({b2}), 300);  // 3.0 s, 75%
  const DiffReport seconds = diff(base, next);
  EXPECT_NEAR(row(seconds, "a")->deltaSelf(), 0.5, 1e-9);
  EXPECT_NEAR(row(seconds, "b")->deltaSelf(), 2.5, 1e-9);
  DiffQuery shares;
  shares.normalize = true;
  const DiffReport normalized = diff(base, next, shares);
  EXPECT_TRUE(normalized.normalized);
  EXPECT_NEAR(row(normalized, "a")->deltaSelf(), -25.0, 1e-9);
  EXPECT_NEAR(row(normalized, "b")->deltaSelf(), 25.0, 1e-9);
}

TEST(FunctionDiff, SortKeysWorkOnTheNewSideAndRestrictionsAfterSorting) {
  BeforeAfter run;
  DiffQuery query;
  query.query.sort = {analysis::SortKey::kTime};
  query.query.restrictions.push_back(analysis::Restriction::count(2));
  auto r = diffProfiles(run.base.profile(), run.next.profile(), query);
  ASSERT_TRUE(r.isOk());
  ASSERT_EQ(r.value().rows.size(), 2u);
  EXPECT_EQ(r.value().rows[0].name, "parse");  // new self 0.2, tied with sum: natural order
  EXPECT_EQ(r.value().rows[1].name, "sum");
  EXPECT_EQ(r.value().rows_before_limit, 6u);
  ASSERT_EQ(r.value().notes.size(), 1u);
  EXPECT_EQ(r.value().notes[0], "   List reduced from 6 to 2 due to restriction <2>");
  query.query.sort = {analysis::SortKey::kDeltaCumulative};
  query.query.restrictions = {analysis::Restriction::regex("sum").value()};
  r = diffProfiles(run.base.profile(), run.next.profile(), query);
  ASSERT_TRUE(r.isOk());
  ASSERT_EQ(r.value().rows.size(), 2u);  // legacy_sum and sum
}

TEST(FunctionDiff, ByLineMatchesTheLine) {
  BeforeAfter run;
  DiffQuery query;
  query.query.grouping = analysis::Grouping::kLine;
  const DiffReport r = diff(run.base, run.next, query);
  EXPECT_EQ(r.grouping, analysis::Grouping::kLine);
  EXPECT_EQ(row(r, "parse")->status, DiffStatus::kBoth);
}

TEST(FunctionDiff, GoldenTableAndJson) {
  BeforeAfter run;
  const DiffReport r = diff(run.base, run.next);
  const DiffSides sides{{"before.prof"}, {"after.prof"}};
  testing::expectGolden(PPROF_VIEWER_GOLDEN_DIR, "diff_table.txt", renderDiffTable(r, sides));
  testing::expectGolden(PPROF_VIEWER_GOLDEN_DIR, "diff.json", diffToJson(r, sides).dump(2) + "\n");
  DiffQuery shares;
  shares.normalize = true;
  testing::expectGolden(PPROF_VIEWER_GOLDEN_DIR, "diff_normalized.txt",
                        renderDiffTable(diff(run.base, run.next, shares), sides));
}

}  // namespace
}  // namespace pprof::compare

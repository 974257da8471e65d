// The advisor's check (analysis/parallelism_check.h) and its text (render/advice_check_render.h)
// on hand-built runs: which BASE candidate a change addressed, its serial time before and after
// wherever its work moved, the measured speedup, what is serial now, and the one-line summary.
#include <gtest/gtest.h>

#include "advice_check_fixture.h"
#include "analysis/parallelism_check.h"
#include "render/advice_check_render.h"

namespace pprof::analysis::advisor_test {
namespace {

ParallelismCheck check(const Profile& base, const Profile& after, uint32_t cores = 2) {
  ParallelismOptions options;
  options.machine_cores = cores;
  return checkParallelism(base, {}, after, {}, options);
}

TEST(ParallelismCheck, TheLoopSpreadOverTwoThreadsIsAddressed) {
  const ParallelismCheck c = check(baseRun(), changedRun(Change::kLoopOnTwoThreads));
  EXPECT_EQ(c.cores, 2u);
  EXPECT_NEAR(c.base.wall_seconds, 1.0, 1e-9);
  EXPECT_NEAR(c.after.wall_seconds, 0.72, 1e-9);  // the process's end, not its last sample
  ASSERT_TRUE(c.measured_speedup);
  EXPECT_NEAR(*c.measured_speedup, 1.0 / 0.72, 1e-9);
  EXPECT_NEAR(c.base.serial_fraction, 1.0, 1e-9);
  EXPECT_NEAR(c.after.serial_seconds, 0.42, 1e-9);  // load, merge and the idle end
  ASSERT_TRUE(c.addressed);
  const AddressedCandidate& a = *c.addressed;
  EXPECT_EQ(a.function.name, "loop");
  EXPECT_EQ(a.function.line, 40u);
  EXPECT_EQ(a.rank, 0u);
  EXPECT_TRUE(a.shrank);
  EXPECT_EQ(a.kind, ParallelKind::kCpu);
  EXPECT_NEAR(a.predicted_speedup, amdahl(1.0, 0.6, 2), 1e-9);
  EXPECT_EQ(a.predicted_speedup_threads, a.predicted_speedup);
  EXPECT_NEAR(a.candidate_serial_seconds, 0.6, 1e-9);
  EXPECT_NEAR(a.serial_seconds_before, 0.6, 1e-9);
  EXPECT_NEAR(a.serial_seconds_after, 0.0, 1e-9);
  EXPECT_NEAR(a.seconds_before, 0.6, 1e-9);
  EXPECT_NEAR(a.seconds_after, 0.6, 1e-9);  // the same work, on two threads
  EXPECT_EQ(a.work, (std::vector<std::string>{"loop", "body"}));
  EXPECT_EQ(a.work_found_after, 2u);
  ASSERT_EQ(c.new_candidates.size(), 2u);
  EXPECT_EQ(c.new_candidates[0].function.name, "load");
  EXPECT_NEAR(c.new_candidates[0].serial_seconds, 0.2, 1e-9);
  EXPECT_EQ(c.new_candidates[1].function.name, "merge");
  EXPECT_NEAR(c.new_candidates[1].serial_seconds, 0.15, 1e-9);
  EXPECT_NEAR(c.new_candidates[1].predicted_speedup, amdahl(0.72, 0.15, 2), 1e-9);
}

TEST(ParallelismCheck, PredictionsAreForTheMachinesCores) {
  const ParallelismCheck c = check(baseRun(), changedRun(Change::kLoopOnTwoThreads), 6);
  ASSERT_TRUE(c.addressed);
  EXPECT_EQ(c.addressed->cores, 6u);
  EXPECT_NEAR(c.addressed->predicted_speedup, amdahl(1.0, 0.6, 6), 1e-9);
}

// The loop's body now runs on a worker while main waits for it: the loop's own frame has no
// samples left, but its work is as serial as before, and no other candidate changed by more
// than a millisecond, so the check names the top candidate and says nothing shrank.
TEST(ParallelismCheck, WorkMovedToAThreadThatRunsAloneKeepsItsSerialTime) {
  const ParallelismCheck c = check(baseRun(), changedRun(Change::kLoopOnAWorker));
  ASSERT_TRUE(c.addressed);
  EXPECT_EQ(c.addressed->function.name, "loop");
  EXPECT_FALSE(c.addressed->shrank);
  EXPECT_NEAR(c.addressed->serial_seconds_after, 0.6, 1e-9);
  EXPECT_NEAR(c.addressed->seconds_after, 0.6, 1e-9);
  EXPECT_NEAR(*c.measured_speedup, 1.0, 1e-9);
}

// load lost 0.1 s of serial time, 10% of the run, but all of it is still serial: it ran quicker,
// it was not spread. At equal machine speed nothing shrank.
TEST(ParallelismCheck, APhaseThatOnlyRanQuickerIsNotAddressed) {
  const ParallelismCheck c = check(baseRun(), changedRun(Change::kLoadQuicker));
  ASSERT_TRUE(c.addressed);
  EXPECT_EQ(c.addressed->function.name, "loop");
  EXPECT_FALSE(c.addressed->shrank);
  EXPECT_NEAR(c.addressed->serial_seconds_after, 0.6, 1e-9);
  EXPECT_NEAR(*c.measured_speedup, 1.0 / 0.9, 1e-9);
}

TEST(ParallelismCheck, TheCandidateWhoseSerialTimeShrankMostIsAddressedNotTheTopOne) {
  const ParallelismCheck c = check(baseRun(), changedRun(Change::kMergeOnTwoThreads));
  ASSERT_TRUE(c.addressed);
  EXPECT_EQ(c.addressed->function.name, "merge");
  EXPECT_NE(c.addressed->rank, 0u);  // loop 0.6 s first, then load and merge 0.2 s each
  EXPECT_TRUE(c.addressed->shrank);
  EXPECT_NEAR(c.addressed->serial_seconds_before, 0.2, 1e-9);
  EXPECT_NEAR(c.addressed->serial_seconds_after, 0.0, 1e-9);
  EXPECT_NEAR(*c.measured_speedup, 1.0 / 0.9, 1e-9);
  ASSERT_FALSE(c.new_candidates.empty());
  EXPECT_EQ(c.new_candidates[0].function.name, "loop");
}

// Two builds: an edit above the loop moved its start line; it is still the same function.
TEST(ParallelismCheck, FunctionsMatchAcrossBuildsByNameFileAndModule) {
  const ParallelismCheck c = check(baseRun(40), changedRun(Change::kLoopOnTwoThreads, 45));
  ASSERT_TRUE(c.addressed);
  EXPECT_EQ(c.addressed->function.name, "loop");
  EXPECT_EQ(c.addressed->work_found_after, 2u);
  EXPECT_NEAR(c.addressed->serial_seconds_after, 0.0, 1e-9);
}

TEST(ParallelismCheck, WithoutTimestampsThereIsNothingToMeasure) {
  Profile base = baseRun();
  base.meta.period_ns = 0;
  const ParallelismCheck c = check(base, changedRun(Change::kLoopOnTwoThreads));
  EXPECT_FALSE(c.base.has_time);
  EXPECT_FALSE(c.measured_speedup);
  EXPECT_FALSE(c.addressed);
  const std::string text = render::renderAdviceCheckText(c, {{"base.prof"}, {"new.prof"}});
  EXPECT_NE(text.find("cannot check"), std::string::npos) << text;
}

TEST(ParallelismCheck, TheTextEndsWithTheOneLineSummary) {
  const ParallelismCheck c = check(baseRun(), changedRun(Change::kLoopOnTwoThreads));
  const std::string text = render::renderAdviceCheckText(c, {{"base.prof"}, {"new.prof"}});
  const std::string last = text.substr(text.rfind('\n', text.size() - 2) + 1);
  EXPECT_EQ(last, "predicted 1.43x, measured 1.39x; loop serial 0.60 s -> 0.00 s; new serial time: load 0.20 s, "
                  "merge 0.15 s\n")
      << text;
  EXPECT_NE(text.find("  measured   1.39x: wall 1.000 s -> 0.720 s\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  serial fraction of the run 1.00 -> 0.58\n"), std::string::npos) << text;
  EXPECT_NE(text.find("             1.00 -> 0.00 of its time (0.600 s -> 0.600 s in all)\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace pprof::analysis::advisor_test

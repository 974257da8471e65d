#include "analysis/parallelism.h"

#include <gtest/gtest.h>

#include <string>

#include "parallelism_fixture.h"
#include "support/profile_builder.h"
#include "wire/wire.h"

namespace pprof::analysis {
namespace {

using namespace advisor_test;

// load 200 ms and loop 400 ms serial on main; reduce on two workers for 300 ms, in parallel.
struct JudgedRun {
  ProfileBuilder b{1000 * kMs};
  uint32_t main = b.function("main"), load = b.function("load"), loop = b.function("loop"),
           body = b.function("body"), entry = b.function("worker_entry"), reduce = b.function("reduce");
  uint32_t w1 = b.thread(0, 101, "w1"), w2 = b.thread(0, 102, "w2");
  JudgedRun() {
    b.profile().meta.duration_ns = 900 * kMs;
    run(b, b.stackOf({load, main}), 0, 0, 200);
    run(b, b.stackOf({body, loop, main}), 0, 200, 600);
    run(b, b.stackOf({reduce, entry}), w1, 600, 900);
    run(b, b.stackOf({reduce, entry}), w2, 600, 900);
  }
};

TEST(ParallelismTest, SerialFractionAndAmdahlFromConcurrency) {
  JudgedRun j;
  const ParallelismReport r = analyze(j.b);
  ASSERT_TRUE(r.has_time);
  EXPECT_NEAR(r.wall_seconds, 0.9, 1e-9);
  EXPECT_NEAR(r.cpu_seconds, 1.2, 1e-9);
  EXPECT_NEAR(r.average_parallelism, 1.2 / 0.9, 1e-9);
  EXPECT_NEAR(r.serial_fraction, 600.0 / 900, 1e-9);
  EXPECT_NEAR(r.serial_seconds, 0.6, 1e-9);
  // The ceiling: every serial second on N cores. 2 cores save 0.3 s of 0.9 s.
  ASSERT_EQ(r.speedup_ceiling.size(), 3u);  // 2, 4, 8 (the machine's 2 is among them)
  EXPECT_NEAR(r.speedup_ceiling[0].speedup, 0.9 / 0.6, 1e-9);
  EXPECT_FALSE(r.gil.known);  // no Python
}

TEST(ParallelismTest, RanksTheSerialLoopAboveTheHotterParallelReduction) {
  JudgedRun j;
  const ParallelismReport r = analyze(j.b, 2);
  EXPECT_EQ(firstName(r, j.b), "loop");
  const ParallelCandidate* loop = find(r, j.b, "loop");
  ASSERT_NE(loop, nullptr);
  EXPECT_NEAR(loop->serial_seconds, 0.4, 1e-9);
  EXPECT_EQ(loop->predicted[0].cores, 2u);
  EXPECT_NEAR(loop->predicted[0].speedup, 0.9 / (0.9 - 0.2), 1e-9);
  EXPECT_EQ(loop->kind, ParallelKind::kCpu);
  EXPECT_NE(find(r, j.b, "load"), nullptr);
  // Not candidates: the parallel reduction (no serial time), thread roots, the loop's body.
  EXPECT_EQ(find(r, j.b, "reduce"), nullptr);
  EXPECT_EQ(find(r, j.b, "main"), nullptr);
  EXPECT_EQ(find(r, j.b, "worker_entry"), nullptr);
  EXPECT_EQ(find(r, j.b, "body"), nullptr);
  EXPECT_NEAR(r.frame_serial_share[FrameIndex::build(j.b.profile()).functionFrame(j.reduce)], 0.0, 1e-9);
}

TEST(ParallelismTest, ProcessPoolParentWaitingDoesNotMakeTheWorkersSerial) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t main = b.function("main"), prep = b.function("prepare"), work = b.function("work"),
                 wait = b.function("waitpid");
  const uint32_t child1 = b.thread(b.process(201), 201, "w"), child2 = b.thread(b.process(202), 202, "w");
  b.profile().meta.mode = "wall";
  b.profile().meta.duration_ns = 600 * kMs;
  run(b, b.stackOf({prep, main}), 0, 0, 300);
  // The parent waits for them, blocked in wait4: the sampler flags that as a synchronization wait.
  run(b, b.stackOf({wait, main}), 0, 300, 600, wire::kSampleIdle | wire::kSampleSyncWait);
  run(b, b.stackOf({work, main}), child1, 300, 600);
  run(b, b.stackOf({work, main}), child2, 300, 600);
  const ParallelismReport r = analyze(b);
  EXPECT_NEAR(r.serial_fraction, 0.5, 1e-9);
  EXPECT_NEAR(r.waiting_seconds, 0, 1e-9);  // a synchronization wait is not work
  EXPECT_EQ(firstName(r, b), "prepare");
  EXPECT_EQ(find(r, b, "work"), nullptr);
}

TEST(ParallelismTest, OnlyTheSamplersFlagMakesIdleTimeASynchronizationWait) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t main = b.function("main"), lock = b.function("pthread_mutex_lock");
  b.profile().meta.mode = "wall";
  b.profile().meta.duration_ns = 300 * kMs;
  // The last on-CPU stack ends in a lock, but the thread then slept: waiting, not joined.
  run(b, b.stackOf({lock, main}), 0, 0, 100, wire::kSampleIdle);
  run(b, b.stackOf({main}), 0, 100, 300, wire::kSampleIdle | wire::kSampleSyncWait);
  EXPECT_NEAR(analyze(b).waiting_seconds, 0.1, 1e-9);
}

TEST(ParallelismTest, SerialSleepsInWallModeAreAThreadPoolCandidate) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t main = b.function("main"), fetch = b.function("fetchAll"), parse = b.function("parse"),
                 compute = b.function("compute");
  b.profile().meta.mode = "wall";
  b.profile().meta.duration_ns = 1000 * kMs;
  run(b, b.stackOf({compute, main}), 0, 0, 300);
  for (uint64_t t = 300; t < 1000; t += 100) {  // 10 ms parsing, 90 ms waiting, one at a time
    run(b, b.stackOf({parse, fetch, main}), 0, t, t + 10);
    run(b, b.stackOf({parse, fetch, main}), 0, t + 10, t + 100, wire::kSampleIdle);
  }
  const ParallelismReport r = analyze(b);
  EXPECT_NEAR(r.serial_fraction, 1.0, 1e-9);
  EXPECT_EQ(firstName(r, b), "fetchAll");
  const ParallelCandidate* f = find(r, b, "fetchAll");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->kind, ParallelKind::kWaiting);
  EXPECT_NEAR(f->waiting_seconds, 0.63, 1e-9);
  EXPECT_EQ(find(r, b, "compute")->kind, ParallelKind::kCpu);
}

// What the wall-mode sampler records: a thread's off-CPU time comes once per 50 ms drain, as one
// idle sample at the drain, while the CPU samples of that interval came as they ran. The idle
// time belongs in the gaps between them: one thread parsing, then sleeping, is one busy thread.
TEST(ParallelismTest, AnIdleSampleFillsTheGapsItsThreadLeftSinceTheLastOne) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t main = b.function("main"), fetch = b.function("fetchAll");
  b.profile().meta.mode = "wall";
  b.profile().meta.duration_ns = 500 * kMs;
  for (uint64_t t = 0; t < 500; t += 50) {  // each drain: 12 ms on CPU in mid-interval, 38 ms idle
    run(b, b.stackOf({fetch, main}), 0, t + 30, t + 42);
    b.sample(b.stackOf({fetch, main}), 38, 0, (t + 50) * kMs, wire::kSampleIdle);
  }
  const ParallelismReport r = analyze(b);
  EXPECT_NEAR(r.serial_fraction, 1.0, 1e-9);
  EXPECT_NEAR(r.waiting_seconds, 0.38, 1e-9);
  for (size_t bin = 0; bin < r.concurrency.running.size(); ++bin) {
    EXPECT_NEAR(r.concurrency.running[bin] + r.concurrency.waiting[bin], 1.0, 1e-6) << "bin " << bin;
  }
}

TEST(ParallelismTest, WideSamplesSpreadBackOverTheTimeTheyStandFor) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t main = b.function("main"), a = b.function("a"), c = b.function("c");
  const uint32_t other = b.thread(0, 101, "other");
  b.profile().meta.duration_ns = 100 * kMs;
  b.sample(b.stackOf({a, main}), 100, 0, 100 * kMs);  // one sample for 100 ms, reported at the end
  run(b, b.stackOf({c, main}), other, 0, 50);
  const ParallelismReport r = analyze(b);
  EXPECT_NEAR(r.serial_fraction, 0.5, 1e-9);  // two threads busy in the first half only
}

TEST(ParallelismTest, WithoutTimeItSaysSoInsteadOfGuessing) {
  ProfileBuilder b;
  b.profile().meta.period_ns = 0;  // collapsed stacks, pprof: counts only
  b.sample(b.stackOf({b.function("main")}), 5);
  const ParallelismReport r = analyze(b);
  EXPECT_FALSE(r.has_time);
  EXPECT_NE(r.warning.find("no timestamps"), std::string::npos);
  EXPECT_TRUE(r.candidates.empty());
}

TEST(ParallelismTest, ShortProfilesCarryAWarning) {
  ProfileBuilder b{1000 * kMs};
  b.profile().meta.duration_ns = 50 * kMs;
  run(b, b.stackOf({b.function("f"), b.function("main")}), 0, 0, 50);
  EXPECT_NE(analyze(b).warning.find("short"), std::string::npos);
}

TEST(ParallelismTest, AFarOutTimestampCannotBlowUpTheBins) {
  ProfileBuilder b{1000 * kMs};
  b.profile().meta.duration_ns = 0;
  const uint32_t stack = b.stackOf({b.function("f"), b.function("main")});
  b.sample(stack, 1, 0, 1 * kMs);
  b.sample(stack, 1, 0, UINT64_MAX / 2);  // a damaged or absolute timestamp
  const ParallelismReport r = analyze(b);
  EXPECT_TRUE(r.has_time);
  EXPECT_LE(r.concurrency.running.size(), 1000001u);
}

}  // namespace
}  // namespace pprof::analysis

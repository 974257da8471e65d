// The advisor's candidates are places in the call tree (analysis/parallelism.h): ranked on
// hand-built runs whose right answer is known by construction: a leaf every phase shares, a
// caller and callee with the same serial time, recursion, a function serial in one context and
// parallel in another, work handed to a worker and waited for, Python with and without the GIL,
// and a selection of threads and time.
#include <gtest/gtest.h>

#include <string>

#include "analysis/parallelism.h"
#include "parallelism_fixture.h"
#include "wire/wire.h"

namespace pprof::analysis {
namespace {

using namespace advisor_test;

constexpr uint16_t kPython = wire::kSamplePython, kGil = wire::kSamplePython | wire::kSampleGil;

// load 200 ms and a partition loop 400 ms, serial on main; a reduction 300 ms on two workers;
// all three spend their time in one inlined kernel.
struct SharedLeafRun {
  ProfileBuilder b{1000 * kMs};
  uint32_t main = b.function("main"), load = b.function("load_input"), loop = b.function("process_partitions"),
           part = b.function("analyze_partition"), entry = b.function("worker_entry"),
           reduce = b.function("reduce_part"), kernel = b.function("kernel");
  uint32_t w1 = b.thread(0, 101, "w1"), w2 = b.thread(0, 102, "w2");
  SharedLeafRun() {
    b.profile().meta.duration_ns = 900 * kMs;
    // kernel inlined into each caller: one location whose inline chain is kernel, then the caller.
    run(b, b.stack({b.location({kernel, load}), b.locationOf(main)}), 0, 0, 200);
    run(b, b.stack({b.location({kernel, part}), b.locationOf(loop), b.locationOf(main)}), 0, 200, 600);
    for (uint32_t w : {w1, w2}) run(b, b.stack({b.location({kernel, reduce}), b.locationOf(entry)}), w, 600, 900);
  }
};

TEST(ParallelContextsTest, ASharedLeafIsNeverTheCandidateItsCallersAre) {
  SharedLeafRun j;
  const ParallelismReport r = analyze(j.b);
  ASSERT_EQ(r.candidates.size(), 2u);
  EXPECT_EQ(firstName(r, j.b), "process_partitions");
  EXPECT_EQ(contextOf(r.candidates[0], j.b), "main > process_partitions");
  EXPECT_NEAR(r.candidates[0].serial_seconds, 0.4, 1e-9);
  EXPECT_EQ(nameOf(j.b, r.candidates[1].frame), "load_input");
  EXPECT_EQ(find(r, j.b, "kernel"), nullptr);
  // The kernel is the detail: "mostly in kernel (inlined)".
  ASSERT_FALSE(r.candidates[0].callees.empty());
  EXPECT_EQ(nameOf(j.b, r.candidates[0].callees[0].frame), "kernel");
  EXPECT_TRUE(r.candidates[0].callees[0].inlined);
  EXPECT_NEAR(r.candidates[0].callees[0].serial_seconds, 0.4, 1e-9);
  // Per function, per context: the kernel's row in the loop has the loop's serial time only, and
  // no row mixes in the reduction's parallel time.
  const ParallelCandidate* in_loop = find(r.functions, j.b, "kernel", 0);
  ASSERT_NE(in_loop, nullptr);
  EXPECT_NEAR(in_loop->serial_seconds, 0.4, 1e-9);
  EXPECT_NEAR(in_loop->total_seconds, 0.4, 1e-9);
  for (const ParallelCandidate& row : r.functions) EXPECT_NEAR(row.parallel_seconds, 0, 1e-9) << nameOf(j.b, row.frame);
  EXPECT_EQ(find(r.functions, j.b, "reduce_part"), nullptr);
}

// A few samples in code inlined into main (a vector's emplace_back starting the workers) make a
// tiny candidate of their own; they must not hand it to main, the thread root, which would then
// swallow every phase beneath it as one candidate.
TEST(ParallelContextsTest, CodeInlinedIntoAThreadRootDoesNotMakeTheRootACandidate) {
  SharedLeafRun j;
  const uint32_t emplace = j.b.function("emplace_back");
  run(j.b, j.b.stack({j.b.location({emplace, j.main})}), 0, 599, 600);
  const ParallelismReport r = analyze(j.b);
  EXPECT_EQ(firstName(r, j.b), "process_partitions");
  EXPECT_EQ(find(r, j.b, "main"), nullptr);
  const ParallelCandidate* inlined = find(r, j.b, "emplace_back");
  ASSERT_NE(inlined, nullptr);
  EXPECT_EQ(contextOf(*inlined, j.b), "main > emplace_back");
}

// A script's main() that makes its input, then runs the partition loop, is not the place to
// change, though it is mostly serial and (with imports before it) no thread root: it runs
// phases one after another. Each phase is its own candidate, the loop first.
TEST(ParallelContextsTest, AFunctionThatRunsPhasesInTurnIsLookedThroughToThePhases) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t module = b.function("<module>"), imports = b.function("_find_and_load"),
                 main = b.function("main"), make = b.function("make_partitions"),
                 loop = b.function("summarize_partitions"), part = b.function("summarize_partition");
  b.profile().meta.duration_ns = 1000 * kMs;
  run(b, b.stackOf({imports, module}), 0, 0, 100);
  run(b, b.stackOf({make, main, module}), 0, 100, 250);
  run(b, b.stackOf({part, loop, main, module}), 0, 250, 1000);
  const ParallelismReport r = analyze(b);
  EXPECT_EQ(find(r, b, "main"), nullptr);
  EXPECT_EQ(firstName(r, b), "summarize_partitions");
  ASSERT_NE(find(r, b, "make_partitions"), nullptr);
  EXPECT_NEAR(find(r, b, "make_partitions")->serial_seconds, 0.15, 1e-9);
}

TEST(ParallelContextsTest, OfACallerAndCalleeWithTheSameSerialTimeTheCallerIsNamed) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t main = b.function("main"), outer = b.function("outer"), inner = b.function("inner"),
                 other = b.function("other");
  b.profile().meta.duration_ns = 500 * kMs;
  run(b, b.stackOf({inner, outer, main}), 0, 0, 300);
  run(b, b.stackOf({other, main}), 0, 300, 500);
  const ParallelismReport r = analyze(b);
  EXPECT_EQ(firstName(r, b), "outer");
  EXPECT_EQ(find(r, b, "inner"), nullptr);
  EXPECT_EQ(nameOf(b, r.candidates[0].callees.at(0).frame), "inner");
  EXPECT_FALSE(r.candidates[0].callees[0].inlined);
}

TEST(ParallelContextsTest, RecursionIsOneCandidateWhoseTimeIsCountedOnce) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t main = b.function("main"), fib = b.function("fib"), setup = b.function("setup");
  b.profile().meta.duration_ns = 400 * kMs;
  run(b, b.stackOf({setup, main}), 0, 0, 100);
  for (uint64_t t = 100; t < 400; t += 3) {  // depths 1..3
    run(b, b.stackOf({fib, main}), 0, t, t + 1);
    run(b, b.stackOf({fib, fib, main}), 0, t + 1, t + 2);
    run(b, b.stackOf({fib, fib, fib, main}), 0, t + 2, t + 3);
  }
  const ParallelismReport r = analyze(b);
  EXPECT_EQ(firstName(r, b), "fib");
  EXPECT_EQ(contextOf(r.candidates[0], b), "main > fib");
  EXPECT_NEAR(r.candidates[0].serial_seconds, 0.3, 1e-9);
  const ParallelCandidate* row = find(r.functions, b, "fib", 0);
  ASSERT_NE(row, nullptr);
  EXPECT_NEAR(row->serial_seconds, 0.3, 1e-9);  // once per sample, not once per level
  EXPECT_EQ(r.candidates.size(), 2u);  // fib, setup: the inner levels are fib's detail
}

TEST(ParallelContextsTest, AFunctionSerialInOneContextAndParallelInAnotherIsReportedPerContext) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t main = b.function("main"), phase = b.function("serial_phase"), work = b.function("work"),
                 entry = b.function("worker_entry");
  const uint32_t w1 = b.thread(0, 101, "w1"), w2 = b.thread(0, 102, "w2");
  b.profile().meta.duration_ns = 600 * kMs;
  run(b, b.stackOf({work, phase, main}), 0, 0, 300);
  for (uint32_t w : {w1, w2}) run(b, b.stackOf({work, entry}), w, 300, 600);
  const ParallelismReport r = analyze(b);
  // serial_phase is all of main's time, a thread root: the candidate is work in that context.
  ASSERT_EQ(r.candidates.size(), 1u);
  EXPECT_EQ(contextOf(r.candidates[0], b), "main > serial_phase > work");
  EXPECT_NEAR(r.candidates[0].total_seconds, 0.3, 1e-9);
  const ParallelCandidate* row = find(r.functions, b, "work");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->candidate, 0);
  EXPECT_NEAR(row->serial_seconds, 0.3, 1e-9);
  EXPECT_NEAR(row->total_seconds, 0.3, 1e-9);  // not 0.9: the workers' time is another context
  // Per frame (the viewer's colour), the function as a whole is a third serial.
  EXPECT_NEAR(r.frame_serial_share[FrameIndex::build(b.profile()).functionFrame(work)], 1.0 / 3, 1e-6);
}

// A single-threaded run that is nothing but its loop: every frame down to the loop body holds the
// whole thread. The body, which calls two helpers in turn, is named, not the helpers.
TEST(ParallelContextsTest, InARunThatIsAllOneLoopTheBodyIsNamedNotItsHelpers) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t module = b.function("<module>"), main = b.function("main"), loop = b.function("partition_loop"),
                 body = b.function("analyze_partition"), parse = b.function("parse"), total = b.function("total"),
                 setup = b.function("setup");
  b.profile().meta.duration_ns = 1010 * kMs;
  run(b, b.stackOf({setup, module}), 0, 0, 10);
  for (uint64_t t = 10; t < 1010; t += 100) {  // ten partitions: parse, then total
    run(b, b.stackOf({parse, body, loop, main, module}), 0, t, t + 60);
    run(b, b.stackOf({total, body, loop, main, module}), 0, t + 60, t + 100);
  }
  const ParallelismReport r = analyze(b);
  EXPECT_EQ(firstName(r, b), "analyze_partition");
  EXPECT_EQ(contextOf(r.candidates[0], b), "<module> > main > partition_loop > analyze_partition");
  EXPECT_EQ(find(r, b, "parse"), nullptr);
  EXPECT_EQ(find(r, b, "total"), nullptr);
}

// Wall mode: main starts one worker at a time and joins it; each worker's whole life is one
// partition. The loop that waits is the place to change, not the workers' entry point.
TEST(ParallelContextsTest, WorkWaitedForOneAtATimeBelongsToTheWaitingLoop) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t main = b.function("main"), prepare = b.function("prepare"), loop = b.function("run_partitions"),
                 join = b.function("pthread_join"), entry = b.function("start_thread"),
                 task = b.function("analyze_partition");
  b.profile().meta.mode = "wall";
  b.profile().meta.duration_ns = 500 * kMs;
  run(b, b.stackOf({prepare, main}), 0, 0, 100);
  for (int p = 0; p < 4; ++p) {
    const uint64_t from = 100 + 100 * p;
    const uint32_t worker = b.thread(0, 200 + p, "worker");
    b.profile().threads[worker].start_ns = from * kMs;
    run(b, b.stackOf({join, loop, main}), 0, from, from + 100, wire::kSampleIdle | wire::kSampleSyncWait);
    run(b, b.stackOf({task, entry}), worker, from, from + 100);
  }
  const ParallelismReport r = analyze(b);
  EXPECT_NEAR(r.serial_fraction, 1.0, 1e-9);
  ASSERT_FALSE(r.candidates.empty());
  EXPECT_EQ(firstName(r, b), "run_partitions");
  EXPECT_EQ(contextOf(r.candidates[0], b), "main > run_partitions");
  EXPECT_NEAR(r.candidates[0].serial_seconds, 0.4, 1e-9);
  EXPECT_EQ(r.candidates[0].threads, 4u);
  EXPECT_EQ(nameOf(b, r.candidates[0].callees.at(0).frame), "analyze_partition");
  EXPECT_EQ(find(r, b, "analyze_partition"), nullptr);
}

// An idle pool thread blocked all along is younger than main: it adopts none of main's work.
TEST(ParallelContextsTest, AnIdleYoungerThreadDoesNotAdoptTheMainThreadsWork) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t main = b.function("main"), compute = b.function("compute"), wait = b.function("cond_wait"),
                 pool = b.function("pool_worker");
  const uint32_t idle = b.thread(0, 101, "pool");
  b.profile().threads[idle].start_ns = 1 * kMs;
  b.profile().meta.mode = "wall";
  b.profile().meta.duration_ns = 300 * kMs;
  run(b, b.stackOf({compute, main}), 0, 0, 300);
  run(b, b.stackOf({wait, pool}), idle, 0, 300, wire::kSampleIdle | wire::kSampleSyncWait);
  const ParallelismReport r = analyze(b);
  EXPECT_EQ(firstName(r, b), "compute");
  EXPECT_EQ(contextOf(r.candidates[0], b), "main > compute");
}

// A pure-Python loop holds the GIL: threads predict nothing, processes the Amdahl gain; hashing
// with the GIL released scales on both.
TEST(ParallelContextsTest, GilHoldingTimeStaysSerialOnThreadsButNotOnProcesses) {
  ProfileBuilder b{1000 * kMs};
  const uint32_t module = b.function("<module>"), py_loop = b.function("python_loop", "job.py", 10),
                 hash_loop = b.function("hash_loop", "job.py", 20), sha = b.function("sha256_update");
  b.profile().meta.duration_ns = 1000 * kMs;
  run(b, b.stackOf({py_loop, module}), 0, 0, 600, kGil);
  run(b, b.stackOf({sha, hash_loop, module}), 0, 600, 1000, kPython);  // GIL released
  const ParallelismReport r = analyze(b);
  ASSERT_TRUE(r.gil.known);
  EXPECT_NEAR(r.gil.held_share, 0.6, 1e-9);
  EXPECT_FALSE(r.gil.wait_seconds.has_value());  // cpu mode cannot see it
  const ParallelCandidate* gil = find(r, b, "python_loop");
  ASSERT_NE(gil, nullptr);
  EXPECT_EQ(gil->kind, ParallelKind::kGil);
  EXPECT_NEAR(*gil->gil_share, 1.0, 1e-9);
  EXPECT_NEAR(gil->predicted_threads[0].speedup, 1.0, 1e-9);
  EXPECT_NEAR(gil->predicted[0].speedup, 1.0 / (1.0 - 0.3), 1e-9);
  const ParallelCandidate* released = find(r, b, "hash_loop");
  ASSERT_NE(released, nullptr);
  EXPECT_EQ(released->kind, ParallelKind::kCpu);
  EXPECT_NEAR(*released->gil_share, 0.0, 1e-9);
  EXPECT_NEAR(released->predicted_threads[0].speedup, released->predicted[0].speedup, 1e-9);
  EXPECT_NEAR(released->predicted[0].speedup, 1.0 / (1.0 - 0.2), 1e-9);
}

TEST(ParallelContextsTest, NoCandidateExceedsTheCeiling) {
  SharedLeafRun j;
  const ParallelismReport r = analyze(j.b, 8);
  for (const ParallelCandidate& c : r.candidates) {
    for (size_t i = 0; i < c.predicted.size(); ++i) EXPECT_LE(c.predicted[i].speedup, r.speedup_ceiling[i].speedup);
  }
  EXPECT_FALSE(r.candidates[0].gil_share.has_value());  // native: unknown, not zero
}

TEST(ParallelContextsTest, ASelectionOfTimeAndThreadsIsTheWholeAnalysis) {
  SharedLeafRun j;
  SampleSelection range;
  range.from_ns = 600 * kMs, range.to_ns = 900 * kMs;  // the reduction only
  const ParallelismReport reduction = analyze(j.b, 2, range);
  EXPECT_TRUE(reduction.time_selected);
  EXPECT_NEAR(reduction.wall_seconds, 0.3, 1e-9);
  EXPECT_NEAR(reduction.serial_fraction, 0, 1e-9);
  EXPECT_TRUE(reduction.candidates.empty());

  SampleSelection one_worker;
  one_worker.threads = std::vector<uint32_t>{j.w1};
  const ParallelismReport alone = analyze(j.b, 2, one_worker);
  EXPECT_TRUE(alone.threads_selected);
  EXPECT_NEAR(alone.wall_seconds, 0.9, 1e-9);  // the window is still the run
  ASSERT_FALSE(alone.candidates.empty());       // seen alone, the worker's part is serial
  EXPECT_EQ(firstName(alone, j.b), "reduce_part");

  SampleSelection nothing;
  nothing.from_ns = 2000 * kMs;
  const ParallelismReport after = analyze(j.b, 2, nothing);
  EXPECT_FALSE(after.has_time);
  EXPECT_NE(after.warning.find("selected time range"), std::string::npos);
}

}  // namespace
}  // namespace pprof::analysis

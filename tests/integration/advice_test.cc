// The parallelism advisor judged on workloads whose answer is known by construction
// (tests/workloads/parallel_advice.cc): a serial load step, a serial loop over independent
// partitions, and a reduction already parallel on two workers that uses more CPU than the loop.
// The advisor must rank the loop first (not the hotter reduction), get the serial fraction
// within 0.05 of the phases' own clock, and predict the two-core speedup of parallelizing the
// loop within 10% of the speedup measured when the parallel variant runs. Once with threads,
// once with processes (a pool's parent waits while its workers compute). Then the shared-helper
// pipeline (tests/workloads/shared_pipeline.cc): every phase calls one always-inline kernel, the
// function with the most serial time, which must not be the candidate: the serial partition loop
// that calls it is.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "harness.h"

namespace pprof::itest {
namespace {

using nlohmann::json;

// "phase NAME SECONDS" lines of the workload's stderr.
std::map<std::string, double> phases(const std::string& err) {
  std::map<std::string, double> out;
  for (const std::string& line : lines(err)) {
    const auto w = words(line);
    if (w.size() == 3 && w[0] == "phase") out[w[1]] = std::stod(w[2]);
  }
  return out;
}

// Wall time of the run (process start to end) as the profile records it, best of three: the
// prediction is about the profiled run's wall time, so the measurement is too, and a loaded
// machine only adds time.
double bestWall(const std::string& mode, const std::vector<std::string>& options = {},
                const std::string& program = WORKLOAD_PARALLEL_ADVICE) {
  TempDir dir;
  double best = 1e9;
  for (int i = 0; i < 3; ++i) {
    const std::string profile = dir.path("run" + std::to_string(i) + ".prof");
    ProcessResult r = run(pprofRunArgv(profile, 1000, {program, mode}, options));
    EXPECT_EQ(r.status, 0) << r.err;
    best = std::min(best, stats(profile, {"--advise"})["wall_seconds"].get<double>());
  }
  return best;
}

void judge(const std::string& kind) {
  TempDir dir;
  const std::string profile = dir.path("serial.prof");
  ProcessResult recorded = run(pprofRunArgv(profile, 1000, {WORKLOAD_PARALLEL_ADVICE, kind + "-serial"}));
  ASSERT_EQ(recorded.status, 0) << recorded.err;
  std::map<std::string, double> truth = phases(recorded.err);

  const json advice = stats(profile, {"--advise"});
  SCOPED_TRACE(advice.dump(1));
  // Only the reduction ran on two cores: the rest of the run's wall time, from the process's
  // start to its end (program start-up included), was serial.
  const double wall = advice["wall_seconds"].get<double>();
  ASSERT_GT(wall, truth["total"]);
  const double true_serial = (wall - truth["reduce"]) / wall;
  ASSERT_FALSE(advice["candidates"].empty());
  EXPECT_EQ(advice["candidates"][0]["name"], "(anonymous namespace)::partitionLoop(int, int)");
  EXPECT_EQ(advice["candidates"][0]["kind"], "cpu");
  // The reduction ran on two cores: listed at all (the bins where its workers start and stop can
  // be serial), then for a small part of its time.
  for (const json& c : advice["candidates"]) {
    if (c["name"].get<std::string>().find("reducePart") == std::string::npos) continue;
    EXPECT_LT(c["serial_seconds"].get<double>(), 0.25 * c["total_seconds"].get<double>()) << "ran in parallel";
  }
  EXPECT_NEAR(advice["serial_fraction"].get<double>(), true_serial, 0.05);
  // The hotter reduction uses more CPU than the loop: ranking by CPU would pick it.
  EXPECT_GT(2 * truth["reduce"], truth["loop"]);

  const double predicted = advice["candidates"][0]["predicted_speedup"]["2"].get<double>();
  const double measured = bestWall(kind + "-serial") / bestWall(kind + "-parallel");
  EXPECT_NEAR(predicted / measured, 1.0, 0.10) << "predicted " << predicted << ", measured " << measured;
  std::printf("%s: serial fraction %.3f (true %.3f), 2-core speedup predicted %.3f, measured %.3f\n",
              kind.c_str(), advice["serial_fraction"].get<double>(), true_serial, predicted, measured);
}

TEST(AdviceTest, ThreadsLoopRankedFirstAndTwoCoreSpeedupPredicted) { judge("cpu"); }

TEST(AdviceTest, ProcessPoolLoopRankedFirstAndTwoCoreSpeedupPredicted) { judge("procs"); }

// Wall mode: requests served one after another, mostly waiting. The advisor must see the
// waiting as serial work of the fetch loop (a thread-pool candidate, not a process-pool one),
// and must not count the idle pool thread blocked on a condition variable as busy.
TEST(AdviceTest, SerialWaitsInWallModeAreAThreadPoolCandidate) {
  TempDir dir;
  const std::string profile = dir.path("wait.prof");
  ProcessResult recorded =
      run(pprofRunArgv(profile, 1000, {WORKLOAD_PARALLEL_ADVICE, "wait-serial"}, {"--mode", "wall"}));
  ASSERT_EQ(recorded.status, 0) << recorded.err;
  const json advice = stats(profile, {"--advise"});
  SCOPED_TRACE(advice.dump(1));
  ASSERT_FALSE(advice["candidates"].empty());
  EXPECT_EQ(advice["candidates"][0]["name"], "(anonymous namespace)::fetchLoop(int, int)");
  EXPECT_EQ(advice["candidates"][0]["kind"], "waiting");
  EXPECT_EQ(advice["mode"], "wall");
  EXPECT_GT(advice["serial_fraction"].get<double>(), 0.95);  // one thread busy all along
  const double predicted = advice["candidates"][0]["predicted_speedup"]["2"].get<double>();
  const double measured = bestWall("wait-serial", {"--mode", "wall"}) / bestWall("wait-parallel", {"--mode", "wall"});
  EXPECT_NEAR(predicted / measured, 1.0, 0.10) << "predicted " << predicted << ", measured " << measured;
  std::printf("wait: serial fraction %.3f, 2-core speedup predicted %.3f, measured %.3f\n",
              advice["serial_fraction"].get<double>(), predicted, measured);
}

TEST(AdviceTest, SharedInlineKernelIsNotTheCandidateTheSerialPartitionLoopIs) {
  TempDir dir;
  const std::string profile = dir.path("pipeline.prof");
  ProcessResult recorded = run(pprofRunArgv(profile, 1000, {WORKLOAD_SHARED_PIPELINE, "serial"}));
  ASSERT_EQ(recorded.status, 0) << recorded.err;
  std::map<std::string, double> truth = phases(recorded.err);
  // The workload is the trap it is meant to be: the reduction (two threads) uses more CPU than
  // the partition loop, and the kernel, in every phase, has more serial time than the loop.
  EXPECT_GT(2 * truth["reduce"], truth["loop"]);

  const json advice = stats(profile, {"--advise"});
  SCOPED_TRACE(advice.dump(1));
  const double wall = advice["wall_seconds"].get<double>();
  ASSERT_GT(wall, truth["total"]);
  const double true_serial = (wall - truth["reduce"]) / wall;
  EXPECT_NEAR(advice["serial_fraction"].get<double>(), true_serial, 0.05);
  ASSERT_FALSE(advice["candidates"].empty());
  const json& first = advice["candidates"][0];
  const std::string name = first["name"].get<std::string>();
  EXPECT_TRUE(name.find("process_partitions") != std::string::npos ||
              name.find("analyze_partition") != std::string::npos)
      << "first candidate " << name;
  EXPECT_EQ(first["kind"], "cpu");
  // The kernel names no candidate, at rank 1 or any other; it is listed under its callers, as
  // an inline frame.
  auto isKernel = [](const json& row) { return row["name"].get<std::string>().find("kernel") != std::string::npos; };
  EXPECT_FALSE(isKernel(first)) << "the shared leaf ranked first";
  int kernel_callee_rows = 0;
  for (const json& c : advice["candidates"]) {
    EXPECT_FALSE(isKernel(c)) << "the shared leaf is a candidate: " << c["name"];
    for (const json& callee : c["callees"]) {
      if (!isKernel(callee)) continue;
      ++kernel_callee_rows;
      EXPECT_TRUE(callee["inlined"].get<bool>()) << "kernel under " << c["name"] << " not marked inlined";
    }
  }
  EXPECT_GT(kernel_callee_rows, 0) << "the kernel is listed as no candidate's callee";
  // Ranked per function, the kernel would have won: its serial time, summed over its rows in
  // functions (one per candidate context), exceeds the candidate's.
  double kernel_serial = 0;
  int kernel_rows = 0;
  for (const json& f : advice["functions"]) {
    if (!isKernel(f)) continue;
    kernel_serial += f["serial_seconds"].get<double>();
    ++kernel_rows;
  }
  EXPECT_GT(kernel_rows, 0) << "the kernel has no row in functions";
  EXPECT_GT(kernel_serial, first["serial_seconds"].get<double>());

  const double predicted = first["predicted_speedup"]["2"].get<double>();
  const double measured =
      bestWall("serial", {}, WORKLOAD_SHARED_PIPELINE) / bestWall("parallel", {}, WORKLOAD_SHARED_PIPELINE);
  EXPECT_NEAR(predicted / measured, 1.0, 0.10) << "predicted " << predicted << ", measured " << measured;
  std::printf("pipeline: first candidate %s (serial %.3f s), kernel serial %.3f s in all; serial fraction %.3f (true %.3f), "
              "2-core speedup predicted %.3f, measured %.3f\n",
              name.c_str(), first["serial_seconds"].get<double>(), kernel_serial,
              advice["serial_fraction"].get<double>(), true_serial, predicted, measured);
}

TEST(AdviceTest, ProfilesWithoutTimeSayWhyInsteadOfGuessing) {
  TempDir dir;
  const std::string collapsed = dir.path("stacks.txt");
  FILE* f = std::fopen(collapsed.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("main;work 10\nmain;io 5\n", f);
  std::fclose(f);
  ProcessResult text = run({PPROF_STATS_PATH, collapsed, "--advise"});
  EXPECT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("cannot advise"), std::string::npos) << text.out;
  ProcessResult bad = run({PPROF_STATS_PATH, collapsed, "--advise", "--format", "pprof", "-o", dir.path("x")});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--advise"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace pprof::itest

// Hard cases for the sampler while it samples: dlopen/dlclose in a tight loop at 4 kHz (signals
// inside the loader), 64 short-lived threads created and joined 20 times, a program that owns
// SIGPROF, and 60-deep stacks without frame pointers (unwinding must reach main).
#include <gtest/gtest.h>

#include <set>

#include "harness.h"

namespace pprof::itest {
namespace {

TEST(StressTest, DlopenDlcloseLoopAt4kHzFinishesAndIsProfiled) {
  TempDir dir;
  std::string profile = dir.path("dlopen.prof");
  ProcessResult result = run(pprofRunArgv(profile, 4000, {WORKLOAD_DLOPEN_LOOP, WORKLOAD_DLOPEN_LOOP_LIB, "1.0"}));
  ASSERT_EQ(result.status, 0) << result.err;
  ASSERT_EQ(result.out.rfind("cycles ", 0), 0u) << result.out;
  EXPECT_GT(std::stol(words(result.out)[1]), 100);
  nlohmann::json s = stats(profile);
  EXPECT_GT(s["meta"]["samples"].get<double>(), 1000);
  const nlohmann::json* work = findFunction(s, "loop_lib_work");
  ASSERT_NE(work, nullptr) << "samples in the dlopen'ed library were not symbolized";
  EXPECT_GT(work->at("self_samples").get<double>(), 0);
}

// A frame whose CFA points into an unreadable page stops the unwinder: the program runs on
// untouched and the samples whose stacks end early are reported as truncated, not silently
// charged to the wrong callers.
TEST(StressTest, StacksTheUnwinderCannotFinishAreReportedAsTruncated) {
  TempDir dir;
  std::string profile = dir.path("corrupt.prof");
  ProcessResult result = run(pprofRunArgv(profile, 4000, {SAMPLER_SCENARIOS, "corrupt"}));
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "corrupt done\n");
  nlohmann::json s = stats(profile);
  const double samples = s["meta"]["samples"].get<double>();
  ASSERT_GT(samples, 100);
  EXPECT_GT(s["meta"]["truncated_stacks"].get<double>(), 0.9 * samples);
}

TEST(StressTest, ShortLivedThreadsAreAllSampled) {
  TempDir dir;
  std::string profile = dir.path("threads64.prof");
  // 20 rounds of 64 threads that burn 2 ms of CPU each: ~8 samples per thread at 4 kHz.
  ProcessResult result = run(pprofRunArgv(profile, 4000, {WORKLOAD_THREADS64, "20", "64", "2"}));
  ASSERT_EQ(result.status, 0) << result.err;
  nlohmann::json s = stats(profile);
  std::set<long> sampled_tids;
  for (const auto& [ids, count] : threadSamples(s))
    if (count > 0) sampled_tids.insert(ids.second);
  int created = 0, missing = 0;
  for (const std::string& line : lines(result.out)) {
    std::vector<std::string> w = words(line);
    if (w.size() != 2 || w[0] != "tid") continue;
    ++created;
    missing += sampled_tids.count(std::stol(w[1])) == 0;
  }
  EXPECT_EQ(created, 20 * 64);
  EXPECT_EQ(missing, 0) << missing << " of " << created << " short-lived threads have no samples";
  const nlohmann::json* work = findFunction(s, "short_thread_work");
  ASSERT_NE(work, nullptr);
  // 1280 threads x 2 ms x 4 kHz = 10240 samples of work.
  EXPECT_GE(work->at("total_samples").get<double>(), 10240 * 0.9);
}

// The program counts its own SIGPROFs and exits 0 only if it got its own (and not the
// profiler's): see tests/workloads/own_sigprof.cc. The profiler must still sample it.
TEST(StressTest, ProgramWithItsOwnSigprofHandlerKeepsItsSignals) {
  TempDir dir;
  std::string profile = dir.path("sigprof.prof");
  ProcessResult result = run(pprofRunArgv(profile, 1000, {WORKLOAD_OWN_SIGPROF}));
  EXPECT_EQ(result.status, 0) << "program's own SIGPROF count is off: " << result.out << result.err;
  nlohmann::json s = stats(profile);
  const nlohmann::json* work = findFunction(s, "own_sigprof_work");
  ASSERT_NE(work, nullptr);
  EXPECT_GE(work->at("total_samples").get<double>(), 0.6 * 1000 * 0.9);
}

TEST(StressTest, SixtyDeepStacksWithoutFramePointersReachMain) {
  TempDir dir;
  std::string profile = dir.path("deep.prof");
  ProcessResult result = run(pprofRunArgv(profile, 1000, {WORKLOAD_DEEP_STACK, "1.0"}));
  ASSERT_EQ(result.status, 0) << result.err;
  nlohmann::json s = stats(profile);
  EXPECT_EQ(s["meta"]["truncated_stacks"].get<double>(), 0);
  EXPECT_GE(s["meta"]["samples"].get<double>(), 900);
  EXPECT_NEAR(totalPercent(s, "main"), 100, 1.5);
  EXPECT_NEAR(totalPercent(s, "deep_recurse"), 100, 1.5);
  EXPECT_NEAR(totalPercent(s, "deep_leaf"), 100, 1.5);
}

}  // namespace
}  // namespace pprof::itest

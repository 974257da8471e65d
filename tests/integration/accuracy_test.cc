// Accuracy: on a workload whose CPU split is known by construction (tests/workloads/accuracy.cc),
// each function's self % must be within 1.5 percentage points of the truth at 1 kHz.
//
// The truth is the workload's share of kernel iterations ("truth NAME SHARE" lines). The
// workload also prints each phase's measured thread CPU time; failure messages show that share
// too, so a machine that ran one phase slower is told apart from a profiler error.
#include <gtest/gtest.h>

#include <cstdio>

#include <map>

#include "harness.h"

namespace pprof::itest {
namespace {

constexpr double kTolerancePoints = 1.5;

struct AccuracyRun {
  ProcessResult result;
  nlohmann::json stats;
  std::map<std::string, double> truth_percent;
  std::map<std::string, double> measured_cpu_percent;
};

AccuracyRun runAccuracyWorkload() {
  static TempDir dir(/*shared=*/true);
  AccuracyRun run;
  std::string profile = dir.path("accuracy.prof");
  run.result = itest::run(pprofRunArgv(profile, 1000, {WORKLOAD_ACCURACY, WORKLOAD_ACCURACY_LIB}));
  if (run.result.status != 0) return run;
  run.stats = stats(profile);
  std::map<std::string, double> cpu;
  double cpu_total = 0;
  for (const std::string& line : lines(run.result.out)) {
    std::vector<std::string> w = words(line);
    if (w.size() == 3 && w[0] == "truth") run.truth_percent[w[1]] = 100 * std::stod(w[2]);
    if (w.size() == 4 && w[0] == "phase") cpu_total += cpu[w[1]] = std::stod(w[3]);
  }
  for (const auto& [name, seconds] : cpu) run.measured_cpu_percent[name] = 100 * seconds / cpu_total;
  return run;
}

const AccuracyRun& accuracyRun() {
  static const AccuracyRun run = runAccuracyWorkload();
  return run;
}

class AccuracyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const AccuracyRun& run = accuracyRun();
    ASSERT_EQ(run.result.status, 0) << run.result.err;
    ASSERT_EQ(run.truth_percent.size(), 6u) << run.result.out;
  }
  const nlohmann::json& stats() const { return accuracyRun().stats; }
  double truth(const std::string& name) const { return accuracyRun().truth_percent.at(name); }
  std::string context(const std::string& name) const {
    return name + ": truth " + std::to_string(truth(name)) + "%, measured thread CPU share " +
           std::to_string(accuracyRun().measured_cpu_percent.at(name)) + "%";
  }
};

TEST_F(AccuracyTest, ProfileCoversBothProcessesAtTheAskedRate) {
  EXPECT_EQ(stats()["meta"]["frequency_hz"].get<double>(), 1000);
  EXPECT_EQ(stats()["meta"]["processes"].get<int>(), 2);
  EXPECT_GE(stats()["meta"]["threads"].get<int>(), 3);
  EXPECT_EQ(stats()["meta"]["truncated_stacks"].get<double>(), 0);
}

TEST_F(AccuracyTest, SelfPercentWithinOnePointFiveOfTruth) {
  for (const char* name : {"acc_main_thread", "acc_worker_thread", "acc_library_work",
                           "acc_recursion_leaf", "acc_child_process"}) {
    EXPECT_NEAR(selfPercent(stats(), name), truth(name), kTolerancePoints) << context(name);
    // The numbers the README quotes (ctest -V shows them).
    std::printf("accuracy: %-20s truth %6.2f%%  profile %6.2f%%\n", name, truth(name),
                selfPercent(stats(), name));
  }
}

// An always_inline kernel is a frame of its own (an inline frame): it gets the self time, its
// caller keeps only the total.
TEST_F(AccuracyTest, InlinedKernelIsAnInlineFrameUnderItsCaller) {
  const std::string kernel = "pprof_spin_inline";
  ASSERT_NE(findFunction(stats(), kernel), nullptr) << "no inline frame named " << kernel;
  EXPECT_NEAR(selfPercent(stats(), kernel), truth(kernel), kTolerancePoints) << context(kernel);
  std::printf("accuracy: %-20s truth %6.2f%%  profile %6.2f%%\n", kernel.c_str(), truth(kernel),
              selfPercent(stats(), kernel));
  EXPECT_NEAR(totalPercent(stats(), "acc_inline_caller"), truth(kernel), kTolerancePoints);
  EXPECT_LT(selfPercent(stats(), "acc_inline_caller"), kTolerancePoints);
}

// A 40-deep recursion counts each sample once in the recursive function's total, and the
// stacks reach main through it, through the dlopen'ed library and in the forked child.
TEST_F(AccuracyTest, TotalsCountRecursionOnceAndReachMain) {
  EXPECT_NEAR(totalPercent(stats(), "acc_recurse"), truth("acc_recursion_leaf"), kTolerancePoints);
  EXPECT_LT(selfPercent(stats(), "acc_recurse"), kTolerancePoints);
  double worker = truth("acc_worker_thread");
  EXPECT_NEAR(totalPercent(stats(), "main"), 100 - worker, kTolerancePoints);
}

TEST_F(AccuracyTest, DlopenedFunctionNamesItsLibrary) {
  const nlohmann::json* function = findFunction(stats(), "acc_library_work");
  ASSERT_NE(function, nullptr);
  EXPECT_NE(function->at("module").get<std::string>().find("libworkload_accuracy_lib.so"), std::string::npos)
      << function->dump();
}

}  // namespace
}  // namespace pprof::itest

// The parallelism advisor on Python (tests/workloads/python/advice_partitions.py), judged against
// measured runs of the parallel variants, on both interpreters of the machine: a loop over 8
// independent partitions, one analyze_partition call each.
//  - gil: pure-Python partitions hold the GIL. The first candidate is the partition loop (or the
//    function it calls per partition), of kind "gil"; its process prediction (predicted_speedup)
//    is within 10% of a measured ProcessPoolExecutor(2) run, and its thread prediction
//    (predicted_speedup_threads, GIL-holding time counted as serial: 1.00x) is what a measured
//    ThreadPoolExecutor(2) run gets at best: within 10% of it, or above it. Above, because
//    handing the GIL between threads on two cores costs CPU that no serial run shows: measured
//    here with Debian's python3.11, two threads taking turns every 5 ms (the default switch
//    interval) used 15% more CPU for the same loop than one thread (2% with a 50 ms interval),
//    so the pool ran at 0.77-0.87x of the serial loop without the profiler; pyenv's 3.11.7,
//    0.93-0.99x. The advisor says "at best" for that reason.
//  - nogil: hashlib.sha256 over a 32 MiB buffer releases the GIL. The candidate is not of kind
//    "gil", and threads are predicted, and measured, to scale: the thread prediction is within
//    10% of the measured ThreadPoolExecutor(2) speedup, which is clearly above 1.
// A measured speedup is the median over 5 rounds of a profiled serial run's wall time (as the
// advisor reports it, wall_seconds) over the parallel variant's in the same round, the variants
// run in turn, at equal speed (Runs::speedup: the serial wall time scaled by the partitions' CPU
// time in the variant's run over the serial run's), because this 2-core VM ran the same serial
// loop in 2.5 s or in 5.2 s from one minute to the next; the thread bound of GIL-held work is
// judged on raw wall times. The prediction is about the profiled run; the advice comes from the
// quickest serial run. RUN_SERIAL: wall-time ratios.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "python_support.h"

namespace pprof::itest {
namespace {

using nlohmann::json;

constexpr int kRuns = 5;

// Profiled runs of each variant, kRuns rounds, the variants in turn within a round.
struct Runs {
  std::map<std::string, std::vector<double>> walls;  // per variant, per round: wall_seconds
  std::map<std::string, std::vector<double>> work;   // ... analyze_partition's CPU seconds
  json advice;                                       // of the quickest serial run
  double quickest_serial = 1e9;

  bool complete() const {
    for (const auto& [variant, w] : walls) {
      if (w.size() != static_cast<size_t>(kRuns)) return false;
    }
    return !walls.empty();
  }
  std::string describe() const {
    std::string text;
    for (const auto* table : {&walls, &work}) {
      for (const auto& [variant, values] : *table) {
        text += std::string(table == &walls ? "  wall " : "  work ") + variant + ":";
        for (double seconds : values) text += " " + std::to_string(seconds).substr(0, 5);
        text += "\n";
      }
    }
    return text;
  }
  // The median over rounds of serial / variant wall time. At equal speed: the serial run's wall
  // time scaled by how much more CPU the same partitions took in the variant's run, i.e. the
  // speedup had the machine run both at one speed. Measured here, the serial runs of one test
  // took 2.49 to 5.16 s without the profiler while the partitions' work stayed the same, so the
  // ratio of raw wall times judges the machine's mood; the work in the pool's workers was not
  // systematically more than in the serial loop (2.90-3.29 s against 3.05-3.30 s).
  double speedup(const std::string& variant, bool equal_speed) const {
    std::vector<double> ratios;
    const std::vector<double>& serial = walls.at("serial");
    const std::vector<double>& parallel = walls.at(variant);
    for (size_t i = 0; i < serial.size() && i < parallel.size(); ++i) {
      const double scale = equal_speed ? work.at(variant)[i] / work.at("serial")[i] : 1.0;
      ratios.push_back(serial[i] * scale / parallel[i]);
    }
    std::sort(ratios.begin(), ratios.end());
    return ratios.empty() ? 0 : ratios[ratios.size() / 2];
  }
};

Runs profiledRuns(const Interpreter& python, const std::string& kind, const std::vector<std::string>& variants) {
  TempDir dir;
  Runs runs;
  for (int i = 0; i < kRuns; ++i) {
    for (const std::string& variant : variants) {
      const std::string profile = dir.path(kind + "-" + variant + std::to_string(i) + ".prof");
      ProcessResult r =
          run(pprofRunArgv(profile, 1000, {python.path, pythonWorkload("advice_partitions.py"), kind, variant}));
      EXPECT_EQ(r.status, 0) << r.err;
      if (r.status != 0) continue;
      json advice = stats(profile, {"--advise"});
      const double wall = advice["wall_seconds"].get<double>();
      const json table = stats(profile, {"--frames", "python"});
      const json* partitions = findFunction(table, "analyze_partition");
      EXPECT_NE(partitions, nullptr) << "no analyze_partition in " << profile;
      if (!partitions) continue;
      runs.walls[variant].push_back(wall);
      runs.work[variant].push_back((*partitions)["total_seconds"].get<double>());
      if (variant == "serial" && wall < runs.quickest_serial) runs.quickest_serial = wall, runs.advice = std::move(advice);
    }
  }
  return runs;
}

// The first candidate, checked to be the partition loop or its per-partition function, in the
// workload's file.
const json& firstCandidate(const json& advice) {
  static const json none;
  if (advice["candidates"].empty()) {
    ADD_FAILURE() << "no candidate";
    return none;
  }
  const json& first = advice["candidates"][0];
  const std::string name = first["name"].get<std::string>();
  EXPECT_TRUE(name == "partition_loop" || name == "analyze_partition") << "first candidate " << name;
  const std::string file = first["file"].is_string() ? first["file"].get<std::string>() : "";
  EXPECT_NE(file.find("advice_partitions.py"), std::string::npos) << "file " << first["file"];
  return first;
}

class PythonAdviceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    python_ = interpreter(GetParam());
    if (python_.path.empty()) GTEST_SKIP() << "no " << GetParam() << " interpreter on this machine";
  }
  Interpreter python_;
};

TEST_P(PythonAdviceTest, PurePythonLoopScalesOnProcessesNotThreads) {
  const Runs runs = profiledRuns(python_, "gil", {"serial", "threads", "processes"});
  ASSERT_TRUE(runs.complete()) << "a run failed";
  const json& advice = runs.advice;
  SCOPED_TRACE(advice.dump(1));
  const json& first = firstCandidate(advice);
  ASSERT_TRUE(first.is_object());
  EXPECT_EQ(first["kind"], "gil");
  ASSERT_TRUE(first["gil_share"].is_number()) << "gil_share " << first["gil_share"];
  EXPECT_GT(first["gil_share"].get<double>(), 0.8);
  ASSERT_TRUE(advice["gil"].is_object()) << "gil " << advice["gil"];
  EXPECT_GT(advice["gil"]["held_share"].get<double>(), 0.8);

  const double threads_predicted = first["predicted_speedup_threads"]["2"].get<double>();
  const double processes_predicted = first["predicted_speedup"]["2"].get<double>();
  // Threads as they ran: their extra CPU for passing the GIL is what the bound is about.
  const double threads_measured = runs.speedup("threads", false);
  const double processes_measured = runs.speedup("processes", true);
  std::printf("python advice (%s, gil): first candidate %s, gil_share %.3f, held_share %.3f; 2-core speedup "
              "with threads predicted %.3f, measured %.3f; with processes predicted %.3f, measured %.3f\n",
              python_.name.c_str(), first["name"].get<std::string>().c_str(), first["gil_share"].get<double>(),
              advice["gil"]["held_share"].get<double>(), threads_predicted, threads_measured, processes_predicted,
              processes_measured);
  std::printf("raw wall-time speedup with processes %.3f; per round:\n%s", runs.speedup("processes", false),
              runs.describe().c_str());
  EXPECT_NEAR(threads_predicted, 1.0, 0.02) << "GIL-holding time does not scale on threads";
  EXPECT_LT(threads_measured / threads_predicted, 1.10)
      << "threads: predicted at best " << threads_predicted << ", measured " << threads_measured;
  EXPECT_NEAR(processes_predicted / processes_measured, 1.0, 0.10)
      << "processes: predicted " << processes_predicted << ", measured " << processes_measured;
}

TEST_P(PythonAdviceTest, HashingLoopReleasesTheGilAndScalesOnThreads) {
  const Runs runs = profiledRuns(python_, "nogil", {"serial", "threads"});
  ASSERT_TRUE(runs.complete()) << "a run failed";
  const json& advice = runs.advice;
  SCOPED_TRACE(advice.dump(1));
  const json& first = firstCandidate(advice);
  ASSERT_TRUE(first.is_object());
  EXPECT_NE(first["kind"], "gil");
  ASSERT_TRUE(first["gil_share"].is_number()) << "gil_share " << first["gil_share"];
  EXPECT_LT(first["gil_share"].get<double>(), 0.5);

  const double threads_predicted = first["predicted_speedup_threads"]["2"].get<double>();
  const double threads_measured = runs.speedup("threads", true);
  std::printf("python advice (%s, nogil): first candidate %s, kind %s, gil_share %.3f; 2-core speedup with "
              "threads predicted %.3f, measured %.3f\n",
              python_.name.c_str(), first["name"].get<std::string>().c_str(),
              first["kind"].get<std::string>().c_str(), first["gil_share"].get<double>(), threads_predicted,
              threads_measured);
  EXPECT_GT(threads_measured, 1.3) << "the workload's threads did not scale";
  EXPECT_NEAR(threads_predicted / threads_measured, 1.0, 0.10)
      << "threads: predicted " << threads_predicted << ", measured " << threads_measured;
}

INSTANTIATE_TEST_SUITE_P(Interpreters, PythonAdviceTest, ::testing::ValuesIn(interpreterNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace pprof::itest

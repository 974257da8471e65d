// GIL (issue 10, "What it must show"): tests/workloads/python/gil.py runs two threads at once.
// spin: two pure-Python loops (spin_one, spin_two): each function's gil_percent > 90, and each
// thread is on CPU (and holds the GIL) for about half of the wall time of the phase. hash: two
// threads in hashlib.sha256 over 32 MiB buffers (the GIL released): hash_work's gil_percent < 30.
// RUN_SERIAL: on-CPU time against wall time.
#include <gtest/gtest.h>

#include <cstdio>

#include <map>

#include "python_support.h"
#include "wire/wire.h"

namespace pprof::itest {
namespace {

struct GilRun {
  ProcessResult result;
  nlohmann::json stats;
  LoadedProfile profile;
  std::map<std::string, long> tids;
  double wall = 0;
};

GilRun runGil(const Interpreter& python, const std::string& mode) {
  static TempDir dir(/*shared=*/true);
  GilRun run;
  std::string profile = dir.path("gil-" + python.name + "-" + mode + ".prof");
  run.result = itest::run(pprofRunArgv(profile, 1000, {python.path, pythonWorkload("gil.py"), mode}));
  if (run.result.status != 0) return run;
  run.stats = stats(profile);
  run.profile = loadProfile(profile);
  for (const std::string& line : lines(run.result.out)) {
    std::vector<std::string> w = words(line);
    if (w.size() == 3 && w[0] == "thread") run.tids[w[1]] = std::stol(w[2]);
    if (w.size() == 2 && w[0] == "wall") run.wall = std::stod(w[1]);
  }
  return run;
}

double gilPercent(const nlohmann::json& stats, const std::string& name) {
  const nlohmann::json* function = findFunction(stats, name);
  if (function == nullptr || function->at("gil_percent").is_null()) return -1;
  return function->at("gil_percent").get<double>();
}

class PythonGilTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    python_ = interpreter(GetParam());
    if (python_.path.empty()) GTEST_SKIP() << "no " << GetParam() << " interpreter on this machine";
  }
  Interpreter python_;
};

TEST_P(PythonGilTest, TwoSpinningThreadsHoldTheGilHalfTheWallTimeEach) {
  GilRun run = runGil(python_, "spin");
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  ASSERT_EQ(run.tids.size(), 2u) << run.result.out;
  ASSERT_GT(run.wall, 0.5) << run.result.out;
  for (const auto& [name, tid] : run.tids) {
    double gil = gilPercent(run.stats, name);
    double on_cpu = 0, held = 0;
    for (const ViewSample& s : run.profile.mixed) {
      if (s.tid != tid) continue;
      on_cpu += s.seconds;
      if ((s.flags & wire::kSamplePython) && (s.flags & wire::kSampleGil)) held += s.seconds;
    }
    std::printf("python gil (%s, spin): %s gil_percent %.1f%%, thread on CPU %.3f s = %.1f%% of %.3f s wall, "
                "GIL held %.1f%% of wall\n",
                python_.name.c_str(), name.c_str(), gil, on_cpu, 100 * on_cpu / run.wall, run.wall,
                100 * held / run.wall);
    EXPECT_GT(gil, 90) << name;
    EXPECT_NEAR(on_cpu / run.wall, 0.5, 0.12) << name << ": on-CPU share of the phase's wall time";
    EXPECT_NEAR(held / run.wall, 0.5, 0.12) << name << ": GIL-held share of the phase's wall time";
  }
}

TEST_P(PythonGilTest, HashingThreadsReleaseTheGil) {
  GilRun run = runGil(python_, "hash");
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  double gil = gilPercent(run.stats, "hash_work");
  std::printf("python gil (%s, hash): hash_work gil_percent %.1f%%, total %.1f%% of the run\n", python_.name.c_str(),
              gil, totalPercent(run.stats, "hash_work"));
  ASSERT_GE(gil, 0) << "hash_work missing or without gil_percent";
  EXPECT_LT(gil, 30);
  EXPECT_GT(totalPercent(run.stats, "hash_work"), 50);
}

INSTANTIATE_TEST_SUITE_P(Interpreters, PythonGilTest, ::testing::ValuesIn(interpreterNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace pprof::itest

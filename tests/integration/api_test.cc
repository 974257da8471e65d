// The profiler API (profiler/api) end to end: a program linked against the sampler library
// profiles itself without pprof-run (pprof_start spawns pprof-collect), marks regions that
// become named time ranges in the profile, and under pprof-run with PPROF_REGIONS_ONLY=1 is
// sampled only inside them. The program's output and exit status never change.
//
// The workload (tests/workloads/api_regions.cc) burns CPU in api_outside_* outside the profiled
// span or region and in api_inside_* inside it, so what was sampled shows in function names.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "harness.h"

namespace pprof::itest {
namespace {

const std::string kApi = WORKLOAD_API_REGIONS;

double totalSamples(const nlohmann::json& stats, const std::string& name) {
  const nlohmann::json* function = findFunction(stats, name);
  return function ? function->at("total_samples").get<double>() : 0.0;
}

// Inside functions sampled (0.3 CPU-s each at 1 kHz: ~300), outside ones not at all.
void expectOnlyInside(const nlohmann::json& stats) {
  EXPECT_GT(totalSamples(stats, "api_inside_main"), 100) << stats.dump(1);
  EXPECT_GT(totalSamples(stats, "api_inside_worker"), 100) << stats.dump(1);
  EXPECT_EQ(totalSamples(stats, "api_outside_before"), 0) << stats.dump(1);
  EXPECT_EQ(totalSamples(stats, "api_outside_after"), 0) << stats.dump(1);
}

const nlohmann::json* region(const nlohmann::json& stats, const std::string& name) {
  if (!stats.contains("regions")) return nullptr;
  for (const nlohmann::json& r : stats.at("regions")) {
    if (r.at("name") == name) return &r;
  }
  return nullptr;
}

// Sensible times: inside the run, ending after it starts, on the given pid's main thread.
void expectRegion(const nlohmann::json& stats, const std::string& name, double min_seconds) {
  const nlohmann::json* r = region(stats, name);
  ASSERT_NE(r, nullptr) << "no region " << name << ": " << stats.dump(1);
  double start = r->at("start_seconds"), end = r->at("end_seconds");
  EXPECT_GE(start, 0.0);
  EXPECT_GE(end - start, min_seconds);
  EXPECT_LE(end, stats.at("meta").at("wall_seconds").get<double>());
  EXPECT_EQ(r->at("pid"), r->at("tid"));  // marked on the main thread
}

TEST(ApiTest, StandaloneProfilesOnlyBetweenStartAndStop) {
  TempDir dir;
  std::string profile = dir.path("self.prof");
  ProcessResult result = run({kApi, "standalone", profile});
  ASSERT_EQ(result.status, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "start rc=0\nstop rc=0\n");
  EXPECT_EQ(result.err, "");  // neither the library nor pprof-collect says anything
  nlohmann::json s = stats(profile);
  expectOnlyInside(s);
  EXPECT_EQ(s.at("meta").at("frequency_hz"), 1000);
  EXPECT_EQ(threadSamples(s).size(), 2u);
  expectRegion(s, "hot", 0.05);
  ProcessResult table = run({PPROF_STATS_PATH, profile});
  EXPECT_EQ(table.out.find("incomplete"), std::string::npos) << table.out;  // complete when pprof_stop returned
  EXPECT_NE(table.out.find("regions (wall time): hot "), std::string::npos) << table.out;
}

TEST(ApiTest, StandaloneOptionsReachTheSampler) {
  TempDir dir;
  std::string profile = dir.path("options.prof");
  ProcessResult result = run({kApi, "options", profile, "hz=2000;mode=wall"});
  ASSERT_EQ(result.status, 0) << result.out << result.err;
  nlohmann::json s = stats(profile);
  EXPECT_EQ(s.at("meta").at("frequency_hz"), 2000);
  EXPECT_EQ(s.at("meta").at("mode"), "wall");
  EXPECT_GT(totalSamples(s, "api_inside_main"), 200);
  EXPECT_EQ(totalSamples(s, "api_outside_after"), 0);
}

TEST(ApiTest, TwoSessionsWriteTwoFiles) {
  TempDir dir;
  std::string first = dir.path("first.prof"), second = dir.path("second.prof");
  ProcessResult result = run({kApi, "twice", first, second});
  ASSERT_EQ(result.status, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "start1 rc=0\nstop1 rc=0\nstart2 rc=0\nstop2 rc=0\n");
  nlohmann::json a = stats(first), b = stats(second);
  EXPECT_GT(totalSamples(a, "api_first"), 100);
  EXPECT_EQ(totalSamples(a, "api_second"), 0);
  EXPECT_EQ(totalSamples(b, "api_first"), 0);
  EXPECT_GT(totalSamples(b, "api_second"), 100);
  expectRegion(a, "first", 0.05);
  expectRegion(b, "second", 0.05);
  EXPECT_EQ(region(a, "second"), nullptr);
}

TEST(ApiTest, ForkedChildRecordsIntoTheSameProfile) {
  TempDir dir;
  std::string profile = dir.path("fork.prof");
  ProcessResult result = run({kApi, "fork", profile});
  ASSERT_EQ(result.status, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "start rc=0\nchild status=0\nstop rc=0\n");
  nlohmann::json s = stats(profile);
  EXPECT_EQ(processSamples(s).size(), 2u) << s.dump(1);
  EXPECT_GT(totalSamples(s, "api_in_child"), 100);
  EXPECT_GT(totalSamples(s, "api_inside_main"), 100);
}

TEST(ApiTest, ExitWithoutStopStillCompletesTheFile) {
  TempDir dir;
  std::string profile = dir.path("nostop.prof");
  ProcessResult result = run({kApi, "no-stop", profile});
  ASSERT_EQ(result.status, 0) << result.err;
  // The library's destructor waited for pprof-collect: the file is complete right now.
  ProcessResult table = run({PPROF_STATS_PATH, profile});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_EQ(table.out.find("incomplete"), std::string::npos) << table.out;
  expectRegion(stats(profile), "hot", 0.05);
}

// A program marking regions faster than the drain sends them waits for a send instead of
// losing any: 20,000 pairs in a row overflow the sampler's 256 KiB region buffer several times.
TEST(ApiTest, RegionsMarkedFasterThanTheDrainAreAllKept) {
  TempDir dir;
  std::string profile = dir.path("many.prof");
  ProcessResult result = run({kApi, "cost", "20000", profile});
  ASSERT_EQ(result.status, 0) << result.out << result.err;
  nlohmann::json s = stats(profile);
  ASSERT_TRUE(s.contains("regions")) << result.out;
  EXPECT_EQ(s.at("regions").size(), 20000u);
}

TEST(ApiTest, MisuseGetsClearAnswers) {
  TempDir dir;
  ProcessResult result = run({kApi, "errors", dir.path("errors.prof")});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out,
            "stop-before-start rc=-1 error=not started\n"
            "start-empty rc=-1 error=no output file given\n"
            "bad-options rc=-1 error=bad options 'hz=lots' (keys: hz, mode, clock, regions_only, debug; e.g. "
            "\"hz=4000;mode=wall\")\n"
            "start rc=0\n"
            "start-again rc=-1 error=already started; call pprof_stop() first\n"
            "stop rc=0\n"
            "stop-again rc=-1 error=not started\n");
  EXPECT_NO_THROW(stats(dir.path("errors.prof")));
}

TEST(ApiTest, MissingCollectorFailsCleanlyAndTheProgramRunsOn) {
  TempDir dir;
  std::string profile = dir.path("none.prof");
  ProcessResult result = run({kApi, "standalone", profile}, {"PPROF_COLLECT=" + dir.path("no-such-collector")});
  EXPECT_EQ(result.status, 1);  // the workload's verdict on the API's -1, not a crash
  EXPECT_EQ(result.out, "start rc=-1 error=PPROF_COLLECT=" + dir.path("no-such-collector") +
                            ": No such file or directory\nstop rc=-1 error=not started\n");
  EXPECT_EQ(result.err, "");
  struct stat st;
  EXPECT_NE(stat(profile.c_str(), &st), 0);
}

TEST(ApiTest, UnwritableOutputIsReportedByStart) {
  TempDir dir;
  std::string profile = dir.path("missing-dir/x.prof");
  ProcessResult result = run({kApi, "standalone", profile});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.out, "start rc=-1 error=pprof-collect: cannot write '" + profile +
                            "': No such file or directory\nstop rc=-1 error=not started\n");
}

TEST(ApiTest, UnderPprofRunRegionsOnlySamplesOnlyMarkedRegions) {
  TempDir dir;
  std::string profile = dir.path("regions-only.prof");
  ProcessResult result = run(pprofRunArgv(profile, 1000, {kApi, "marked"}), {"PPROF_REGIONS_ONLY=1"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "marked done\n");
  nlohmann::json s = stats(profile);
  expectOnlyInside(s);
  EXPECT_EQ(s.at("meta").at("regions_only"), true);
  expectRegion(s, "hot", 0.05);
}

TEST(ApiTest, UnderPprofRunRegionsAreTimeRangesOfTheWholeRun) {
  TempDir dir;
  std::string profile = dir.path("marked.prof");
  ProcessResult result = run(pprofRunArgv(profile, 1000, {kApi, "marked"}));
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "marked done\n");
  nlohmann::json all = stats(profile);
  EXPECT_GT(totalSamples(all, "api_outside_before"), 100);
  EXPECT_GT(totalSamples(all, "api_inside_worker"), 100);
  EXPECT_FALSE(all.at("meta").contains("regions_only"));
  expectRegion(all, "hot", 0.05);
  // --region keeps what ran while "hot" was open, on every thread.
  ProcessResult filtered = run({PPROF_STATS_PATH, profile, "--region", "hot", "--format", "json"});
  ASSERT_EQ(filtered.status, 0) << filtered.err;
  nlohmann::json hot = nlohmann::json::parse(filtered.out);
  expectOnlyInside(hot);
  EXPECT_EQ(hot.at("meta").at("region"), "hot");
  ProcessResult unknown = run({PPROF_STATS_PATH, profile, "--region", "cold"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_EQ(unknown.err, "pprof-stats: --region: no region named 'cold' (regions: hot)\n");
}

TEST(ApiTest, UnderPprofRunStartStopMarkTheRegionProfile) {
  TempDir dir;
  std::string profile = dir.path("run.prof"), ignored = dir.path("not-written.prof");
  ProcessResult result = run(pprofRunArgv(profile, 1000, {kApi, "standalone", ignored}), {"PPROF_REGIONS_ONLY=1"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "start rc=0\nstop rc=0\n");
  struct stat st;
  EXPECT_NE(stat(ignored.c_str(), &st), 0) << "under pprof-run the run's output is the profile";
  nlohmann::json s = stats(profile);
  expectOnlyInside(s);
  expectRegion(s, "profile", 0.05);
  expectRegion(s, "hot", 0.05);
}

TEST(ApiTest, LinkedAndPreloadedIsOneLibrary) {
  TempDir dir;
  ProcessResult result = run(pprofRunArgv(dir.path("copies.prof"), 1000, {kApi, "copies"}));
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "copies=1\n");
}

TEST(ApiTest, BundledExampleMarksItsPhasesAndPrintsTheSame) {
  TempDir dir;
  ProcessResult plain = run({SALES_REPORT_PATH, "200000"});
  ASSERT_EQ(plain.status, 0) << plain.err;
  std::string profile = dir.path("demo.prof");
  ProcessResult profiled = run(pprofRunArgv(profile, 1000, {SALES_REPORT_PATH, "200000"}));
  ASSERT_EQ(profiled.status, 0) << profiled.err;
  // The child's and the parent's lines may come in either order.
  std::vector<std::string> a = lines(plain.out), b = lines(profiled.out);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  EXPECT_EQ(a, b);
  nlohmann::json s = stats(profile);
  for (const char* phase : {"generate", "parse", "aggregate", "histogram"}) {
    EXPECT_NE(region(s, phase), nullptr) << phase << ": " << s.dump(1);
  }
  // Self-profiling through SALES_REPORT_PROFILE, without pprof-run.
  std::string self = dir.path("self.prof");
  ProcessResult alone = run({SALES_REPORT_PATH, "200000"}, {"SALES_REPORT_PROFILE=" + self});
  ASSERT_EQ(alone.status, 0) << alone.err;
  EXPECT_EQ(alone.err, "");
  nlohmann::json t = stats(self);
  EXPECT_EQ(processSamples(t).size(), 2u);
  EXPECT_NE(region(t, "parse"), nullptr);
  EXPECT_GT(totalSamples(t, "(anonymous namespace)::parseSales"), 0);
}

}  // namespace
}  // namespace pprof::itest

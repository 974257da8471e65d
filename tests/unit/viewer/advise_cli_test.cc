// `pprof-stats --advise` honours the selection flags (--pid, --tid, --from, --to, --region) on a
// profile written through the real writer: the wall time is the window, other threads are left
// out, and bad values are one-line errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "parallelism_fixture.h"
#include "stats_cli_fixture.h"

namespace pprof {
namespace {

using nlohmann::json;
using namespace analysis::advisor_test;

// main: load 200 ms, then a serial loop 400 ms; a child process reduces for 300 ms on two
// threads while main waits. A region "loop" marks the loop.
Profile pipeline() {
  ProfileBuilder b{1000 * kMs};
  const uint32_t main = b.function("main"), load = b.function("load"), loop = b.function("loop"),
                 body = b.function("body"), reduce = b.function("reduce"), entry = b.function("entry");
  b.profile().meta.duration_ns = 900 * kMs;
  const uint32_t child = b.process(300);
  b.profile().processes[child].ppid = 100;
  const uint32_t w1 = b.thread(child, 300, "w1"), w2 = b.thread(child, 301, "w2");
  run(b, b.stackOf({load, main}), 0, 0, 200);
  run(b, b.stackOf({body, loop, main}), 0, 200, 600);
  run(b, b.stackOf({reduce, entry}), w1, 600, 900);
  run(b, b.stackOf({reduce, entry}), w2, 600, 900);
  b.profile().regions.push_back({"loop", 0, 200 * kMs, 600 * kMs});
  return b.profile();
}

class AdviseCli : public PprofStatsCli {
 protected:
  json advise(std::vector<std::string> flags) {
    flags.insert(flags.begin(), {writeProfile("p.prof", pipeline()), "--advise", "--format", "json"});
    const testing::RunResult r = run(flags);
    EXPECT_EQ(r.exit_status, 0) << r.err;
    return json::parse(r.out);
  }
};

TEST_F(AdviseCli, TheWholeRun) {
  const json a = advise({});
  EXPECT_NEAR(a["wall_seconds"].get<double>(), 0.9, 1e-9);
  EXPECT_EQ(a["candidates"][0]["name"], "loop");
  EXPECT_EQ(a["candidates"][0]["context"], json::array({"main", "loop"}));
  EXPECT_TRUE(a["gil"].is_null());
  EXPECT_TRUE(a["candidates"][0]["gil_share"].is_null());
  EXPECT_EQ(a["candidates"][0]["predicted_speedup"], a["candidates"][0]["predicted_speedup_threads"]);
  EXPECT_EQ(a["candidates"][0]["callees"][0]["name"], "body");
  EXPECT_EQ(a["functions"][0]["candidate"], 0);
}

TEST_F(AdviseCli, ATimeRangeIsTheWallTime) {
  const json a = advise({"--from", "0.6", "--to=0.9"});
  EXPECT_NEAR(a["from_seconds"].get<double>(), 0.6, 1e-9);
  EXPECT_NEAR(a["wall_seconds"].get<double>(), 0.3, 1e-9);
  EXPECT_NEAR(a["serial_fraction"].get<double>(), 0, 1e-9);
  EXPECT_TRUE(a["candidates"].empty());
}

TEST_F(AdviseCli, ARegionIsTheWindow) {
  const json a = advise({"--region", "loop"});
  EXPECT_NEAR(a["wall_seconds"].get<double>(), 0.4, 1e-9);
  ASSERT_EQ(a["candidates"].size(), 1u);
  // Inside the window the loop is all of main's time, a thread root: its body is named.
  EXPECT_EQ(a["candidates"][0]["context"], json::array({"main", "loop", "body"}));
}

TEST_F(AdviseCli, PidAndTidSelectThreads) {
  const json child = advise({"--pid", "300"});
  EXPECT_NEAR(child["cpu_seconds"].get<double>(), 0.6, 1e-9);
  EXPECT_TRUE(child["candidates"].empty());  // its two threads ran together
  const json one = advise({"--tid", "301"});
  EXPECT_NEAR(one["cpu_seconds"].get<double>(), 0.3, 1e-9);
  EXPECT_EQ(one["candidates"][0]["name"], "reduce");  // alone, it is serial
}

TEST_F(AdviseCli, BadRangesAreOneLineErrors) {
  const std::string path = writeProfile("p.prof", pipeline());
  testing::RunResult r = run({path, "--advise", "--from", "soon"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "pprof-stats: --from: expected seconds into the run (a number >= 0), got 'soon'");
  r = run({path, "--advise", "--from", "2", "--to", "1"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')), "pprof-stats: --to: must be later than --from");
  r = run({path, "--advise", "--from", "5"});  // after the run: says so, no crash
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("cannot advise: the selected time range holds none of the run"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pprof

// `pprof-stats BASE --advise --after NEW` end to end on profiles written by the real writer: the
// JSON schema and its numbers, both spellings of the command line, and the combinations it
// refuses, each a one-line error naming the flag or the file.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "advice_check_fixture.h"
#include "cli/stats_options.h"
#include "stats_cli_fixture.h"

namespace pprof {
namespace {

using nlohmann::json;
using namespace analysis::advisor_test;

class AdviceCheckCli : public PprofStatsCli {
 protected:
  void SetUp() override {
    PprofStatsCli::SetUp();
    base_ = writeProfile("base.prof", baseRun());
    after_ = writeProfile("new.prof", changedRun(Change::kLoopOnTwoThreads));
  }
  std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }
  std::string base_, after_;
};

TEST_F(AdviceCheckCli, JsonHasBothRunsTheAddressedCandidateAndWhatIsSerialNow) {
  const testing::RunResult r = run({base_, "--advise", "--after", after_, "--format", "json"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const json c = json::parse(r.out);
  for (const char* key : {"cores", "base", "after", "measured_speedup", "addressed", "new_candidates"})
    EXPECT_TRUE(c.contains(key)) << key;
  EXPECT_EQ(c["base"]["inputs"], json::array({base_}));
  EXPECT_EQ(c["after"]["inputs"], json::array({after_}));
  EXPECT_NEAR(c["base"]["wall_seconds"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(c["after"]["wall_seconds"].get<double>(), 0.72, 1e-9);
  EXPECT_NEAR(c["base"]["serial_fraction"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(c["after"]["serial_fraction"].get<double>(), 0.42 / 0.72, 1e-9);
  // The durations' ratio, as the profiles' meta records them.
  EXPECT_NEAR(c["measured_speedup"].get<double>(), 1.0 / 0.72, 1e-9);

  const json& a = c["addressed"];
  for (const char* key : {"name", "file", "line", "candidate", "shrank", "kind", "gil_share", "predicted_speedup",
                          "predicted_speedup_threads", "measured_speedup", "candidate_serial_seconds",
                          "serial_seconds_before", "serial_seconds_after", "seconds_before", "seconds_after", "work",
                          "work_found_after"})
    EXPECT_TRUE(a.contains(key)) << key;
  EXPECT_EQ(a["name"], "loop");
  EXPECT_EQ(a["file"], "app.cc");
  EXPECT_EQ(a["line"], 40);
  EXPECT_EQ(a["candidate"], 0);
  EXPECT_EQ(a["shrank"], true);
  EXPECT_EQ(a["kind"], "cpu");
  EXPECT_TRUE(a["gil_share"].is_null());
  EXPECT_NEAR(a["predicted_speedup"].get<double>(), amdahl(1.0, 0.6, c["cores"].get<uint32_t>()), 1e-9);
  EXPECT_EQ(a["measured_speedup"], c["measured_speedup"]);
  EXPECT_NEAR(a["serial_seconds_before"].get<double>(), 0.6, 1e-9);
  EXPECT_NEAR(a["serial_seconds_after"].get<double>(), 0.0, 1e-9);
  EXPECT_EQ(a["work"], json::array({"loop", "body"}));

  ASSERT_EQ(c["new_candidates"].size(), 2u);
  EXPECT_EQ(c["new_candidates"][0]["name"], "load");
  for (const char* key : {"name", "file", "line", "serial_seconds", "kind", "predicted_speedup"})
    EXPECT_TRUE(c["new_candidates"][0].contains(key)) << key;
  EXPECT_NEAR(c["new_candidates"][1]["serial_seconds"].get<double>(), 0.15, 1e-9);
}

TEST_F(AdviceCheckCli, BothSpellingsAgreeAndTheTextEndsWithTheSummary) {
  const testing::RunResult flag_first = run({"--advise", base_, "--after", after_});
  const testing::RunResult file_first = run({base_, "--advise", "--after=" + after_});
  ASSERT_EQ(flag_first.exit_status, 0) << flag_first.err;
  EXPECT_EQ(flag_first.out, file_first.out);
  EXPECT_NE(flag_first.out.find("  base   " + base_ + "\n"), std::string::npos) << flag_first.out;
  EXPECT_NE(flag_first.out.find("  after  " + after_ + "\n"), std::string::npos) << flag_first.out;
  EXPECT_NE(flag_first.out.find("measured 1.39x; loop serial 0.60 s -> 0.00 s; new serial time: load 0.20 s, "
                                "merge 0.15 s\n"),
            std::string::npos)
      << flag_first.out;
}

TEST_F(AdviceCheckCli, SeveralFilesPerSideAreMerged) {
  const std::string after2 = writeProfile("new2.prof", changedRun(Change::kLoopOnTwoThreads));
  const testing::RunResult r = run({base_, "--advise", "--after", after_, "--after", after2, "--format", "json"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["after"]["inputs"], json::array({after_, after2}));
}

TEST_F(AdviceCheckCli, TheParserKeepsTheSidesApart) {
  auto o = cli::parseStatsOptions({"--advise", "a.prof", "--after", "b.prof", "c.prof", "--after=d.prof"});
  ASSERT_TRUE(o) << o.message();
  EXPECT_EQ(o.value().inputs, (std::vector<std::string>{"a.prof", "c.prof"}));
  EXPECT_EQ(o.value().after_inputs, (std::vector<std::string>{"b.prof", "d.prof"}));
}

TEST_F(AdviceCheckCli, RefusedCombinationsAreOneLineErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  } cases[] = {
      {{base_, "--after", after_}, "pprof-stats: --after: only with --advise (FILE... --advise --after NEW)"},
      {{"--diff", base_, after_, "--advise", "--after", after_},
       "pprof-stats: --after: not with --diff (the check is FILE... --advise --after NEW)"},
      {{"--diff", base_, after_, "--after", after_},
       "pprof-stats: --after: not with --diff (the check is FILE... --advise --after NEW)"},
      {{base_, "--advise", "--after", after_, "--format", "pprof"}, "pprof-stats: --after: --format must be table or json"},
      {{base_, "--advise", "--after", after_, "--format", "collapsed"},
       "pprof-stats: --after: --format must be table or json"},
      {{base_, "--advise", "--after", after_, "--tid", "100"},
       "pprof-stats: --after: not with --pid/--tid (process and thread ids differ from run to run)"},
      {{base_, "--advise", "--after", after_, "--from", "0.2"},
       "pprof-stats: --after: not with --from/--to (a time into one run is no moment of the other; --region is)"},
      {{base_, "--advise", "--after"}, "pprof-stats: --after: missing value"},
  };
  for (const Case& c : cases) {
    const testing::RunResult r = run(c.args);
    EXPECT_EQ(r.exit_status, 2) << c.message;
    EXPECT_EQ(firstLine(r.err), c.message) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

TEST_F(AdviceCheckCli, AMissingFileOfEitherSideIsOneLineNamingIt) {
  for (const auto& args : {std::vector<std::string>{dir_ + "/nope.prof", "--advise", "--after", after_},
                           std::vector<std::string>{base_, "--advise", "--after", dir_ + "/nope.prof"}}) {
    const testing::RunResult r = run(args);
    EXPECT_EQ(r.exit_status, 1);
    EXPECT_NE(r.err.find("cannot read '" + dir_ + "/nope.prof'"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

}  // namespace
}  // namespace pprof

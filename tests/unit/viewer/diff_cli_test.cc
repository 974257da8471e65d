// `pprof-stats --diff BASE FILE...` end to end on profiles written by the real writer: the
// JSON schema, several files per side, the options it refuses, and the pprof difference, which
// `go tool pprof` must read as what its own -diff_base computes from the two sides' exports.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "stats_cli_fixture.h"
#include "support/go_pprof.h"
#include "support/profile_builder.h"

namespace pprof {
namespace {

using nlohmann::json;
using testing::ProfileBuilder;

// parse 600 ms -> 200 ms; legacy_sum 200 ms -> renamed sum 250 ms; merge new 50 ms.
Profile side(bool after) {
  ProfileBuilder b;
  const uint32_t main = b.function("main", "app.cc", 1), parse = b.function("parse", "app.cc", 10),
                 sum = b.function(after ? "sum" : "legacy_sum", "app.cc", 30);
  b.samples(b.stackOf({parse, main}), after ? 200 : 600);
  b.samples(b.stackOf({sum, main}), after ? 250 : 200);
  if (after) b.samples(b.stackOf({b.function("merge", "app.cc", 70), main}), 50);
  return b.profile();
}

class DiffCli : public PprofStatsCli {
 protected:
  void SetUp() override {
    PprofStatsCli::SetUp();
    base_ = writeProfile("base.prof", side(false));
    next_ = writeProfile("new.prof", side(true));
  }
  json diffJson(std::vector<std::string> flags) {
    flags.insert(flags.begin(), {"--diff", base_, next_, "--format", "json"});
    const testing::RunResult r = run(flags);
    EXPECT_EQ(r.exit_status, 0) << r.err;
    return json::parse(r.out);
  }
  std::string base_, next_;
};

const json* find(const json& functions, const std::string& name) {
  for (const json& f : functions) {
    if (f["name"] == name) return &f;
  }
  return nullptr;
}

TEST_F(DiffCli, JsonHasBothSidesTheirChangeAndTheStatus) {
  const json d = diffJson({});
  EXPECT_EQ(d["meta"]["base"]["inputs"], json::array({base_}));
  EXPECT_EQ(d["meta"]["new"]["inputs"], json::array({next_}));
  EXPECT_NEAR(d["meta"]["base"]["cpu_seconds"].get<double>(), 0.8, 1e-9);
  EXPECT_EQ(d["meta"]["values"], "seconds");
  EXPECT_EQ(d["functions"][0]["name"], "parse");  // the largest change first
  const json* parse = find(d["functions"], "parse");
  ASSERT_NE(parse, nullptr);
  for (const char* key : {"name", "file", "line", "module", "base_self_seconds", "new_self_seconds",
                          "delta_self_seconds", "base_total_seconds", "new_total_seconds", "delta_total_seconds",
                          "status"}) {
    EXPECT_TRUE(parse->contains(key)) << key;
  }
  EXPECT_NEAR((*parse)["delta_self_seconds"].get<double>(), -0.4, 1e-9);
  EXPECT_EQ((*parse)["status"], "both");
  EXPECT_EQ((*find(d["functions"], "legacy_sum"))["status"], "gone");
  EXPECT_EQ((*find(d["functions"], "sum"))["status"], "new");
}

TEST_F(DiffCli, SeveralFilesPerSideMergeAndSortAndTopApply) {
  const std::string base2 = writeProfile("base2.prof", side(false));
  const testing::RunResult r = run({"--diff", base_, "--diff", base2, next_, "--sort", "delta-cumulative", "--top",
                                    "2", "--format", "json"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const json d = json::parse(r.out);
  EXPECT_EQ(d["meta"]["base"]["inputs"].size(), 2u);
  EXPECT_EQ(d["functions"].size(), 2u);
  EXPECT_EQ(d["functions"][0]["name"], "main");  // 1.6 s -> 0.5 s of total
  EXPECT_NEAR(d["functions"][0]["delta_total_seconds"].get<double>(), -1.1, 1e-9);
  EXPECT_EQ(d["meta"]["ordered_by"], "change in cumulative time");
}

TEST_F(DiffCli, TableNamesBothSides) {
  const testing::RunResult r = run({"--diff", base_, next_, "--normalize"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("base: " + base_), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("new:  " + next_), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("percent of each side's samples"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("app.cc:30(legacy_sum)"), std::string::npos) << r.out;
}

TEST_F(DiffCli, RefusedCombinationsAreOneLineErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  } cases[] = {
      {{next_, "--sort", "delta"}, "--sort: delta and delta-cumulative need --diff BASE"},
      {{next_, "--normalize"}, "--normalize: only with --diff BASE"},
      {{"--diff", base_, next_, "--advise"}, "--diff: not with --advise"},
      {{"--diff", base_, next_, "--format", "collapsed"}, "--diff: --format must be table, json or pprof"},
      {{"--diff", base_, next_, "--callers", "parse"}, "--diff: not with --callers/--callees"},
  };
  for (const Case& c : cases) {
    const testing::RunResult r = run(c.args);
    EXPECT_EQ(r.exit_status, 2) << c.message;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  const testing::RunResult missing = run({"--diff", dir_ + "/nope.prof", next_});
  EXPECT_EQ(missing.exit_status, 1);
  EXPECT_NE(missing.err.find("nope.prof"), std::string::npos) << missing.err;
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing.err;
}

TEST_F(DiffCli, PprofDifferenceIsWhatGoToolPprofDiffBaseComputes) {
  if (!testing::haveGo()) GTEST_SKIP() << "go not installed";
  const std::string diff = dir_ + "/diff.pb.gz", base = dir_ + "/base.pb.gz", next = dir_ + "/new.pb.gz";
  ASSERT_EQ(run({"--diff", base_, next_, "--format", "pprof", "-o", diff}).exit_status, 0);
  ASSERT_EQ(run({base_, "--format", "pprof", "-o", base}).exit_status, 0);
  ASSERT_EQ(run({next_, "--format", "pprof", "-o", next}).exit_status, 0);
  const std::string ours = testing::goPprofTop(diff);
  const std::string theirs = testing::goPprofTop("-diff_base " + base + " " + next);
  ASSERT_EQ(ours.find("exit status"), std::string::npos) << ours;
  ASSERT_EQ(theirs.find("exit status"), std::string::npos) << theirs;
  auto ours_rows = testing::topRows(ours), theirs_rows = testing::topRows(theirs);
  EXPECT_EQ(ours_rows, theirs_rows) << "ours:\n" << ours << "\ntheirs:\n" << theirs;
  ASSERT_TRUE(ours_rows.count("parse")) << ours;
  EXPECT_EQ(ours_rows["parse"][0], "-400ms") << ours;
  EXPECT_EQ(ours_rows["legacy_sum"][0], "-200ms") << ours;
  EXPECT_EQ(ours_rows["sum"][0], "250ms") << ours;
}

}  // namespace
}  // namespace pprof

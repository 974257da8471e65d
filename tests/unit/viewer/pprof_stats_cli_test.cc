// pprof-stats as a user runs it: exit codes, one-line errors, and end to end from a profile
// written with ProfWriter to the JSON and table outputs.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "sample_profile.h"
#include "stats_cli_fixture.h"

namespace pprof {
namespace {

using testing::RunResult;

TEST_F(PprofStatsCli, MissingFile) {
  auto r = run({dir_ + "/nope.prof"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err, "pprof-stats: cannot read '" + dir_ + "/nope.prof': No such file or directory\n");
  EXPECT_EQ(r.out, "");
}

TEST_F(PprofStatsCli, ADirectoryStandsForEveryProfileInItAndAnEmptyOneIsAnError) {
  const std::string empty = dir_ + "/empty";
  ASSERT_EQ(mkdir(empty.c_str(), 0700), 0);
  auto r = run({empty});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err, "pprof-stats: '" + empty + "': a directory without profiles\n");
  const std::string job = dir_ + "/job";
  ASSERT_EQ(mkdir(job.c_str(), 0700), 0);
  const std::string stacks = "main;work 3\nmain 1\n";
  writeFile("job/a.collapsed", stacks);
  writeFile("job/b.collapsed", stacks);
  writeFile("job/.hidden", "not read");
  auto both = run({job, "--format", "json"});
  ASSERT_EQ(both.exit_status, 0) << both.err;
  EXPECT_NE(both.out.find("\"samples\": 8"), std::string::npos) << both.out;  // two files of 4
}

TEST_F(PprofStatsCli, NotAProfileFile) {
  std::string path = writeFile("x.txt", "hello, this is text\n");
  auto r = run({path});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err, "pprof-stats: " + path +
                       ": unknown profile format (expected out.prof, pprof, collapsed stacks, perf script or cProfile)\n");
}

TEST_F(PprofStatsCli, EmptyFile) {
  std::string path = writeFile("empty.prof", "");
  auto r = run({path});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err, "pprof-stats: " + path + ": empty file, not a profile\n");
}

TEST_F(PprofStatsCli, BadTopValue) {
  auto r = run({"x.prof", "--top", "abc"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')), "pprof-stats: --top: expected a count or a fraction in [0, 1), got 'abc'");
  EXPECT_NE(r.err.find("usage: pprof-stats"), std::string::npos);
}

TEST_F(PprofStatsCli, UnknownFlagAndMissingFile) {
  EXPECT_EQ(run({"x.prof", "--frobnicate"}).exit_status, 2);
  EXPECT_EQ(run({}).exit_status, 2);
  auto help = run({"--help"});
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_NE(help.out.find("usage: pprof-stats"), std::string::npos);
}

TEST_F(PprofStatsCli, JsonEndToEnd) {
  std::string path = writeProfile("out.prof", testing::renderSampleProfile());
  auto r = run({path, "--format", "json", "--sort", "cumulative", "--top", "2"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["meta"]["samples"], 1000);
  EXPECT_EQ(doc["meta"]["processes"], 2);
  EXPECT_EQ(doc["meta"]["threads"], 3);
  EXPECT_EQ(doc["meta"]["mode"], "cpu");
  EXPECT_EQ(doc["meta"]["lost_samples"], 3);
  ASSERT_EQ(doc["functions"].size(), 2u);
  EXPECT_EQ(doc["functions"][0]["name"], "main");
  EXPECT_DOUBLE_EQ(doc["functions"][0]["total_percent"].get<double>(), 100.0);
  EXPECT_EQ(doc["functions"][1]["name"], "analysis::sum(std::vector<double> const&)");
  EXPECT_EQ(doc["functions"][1]["self_samples"], 0);
  EXPECT_EQ(doc["functions"][1]["total_samples"], 604);
  EXPECT_TRUE(doc["functions"][1]["calls"].is_null());
}

TEST_F(PprofStatsCli, TableToOutputFile) {
  std::string path = writeProfile("out.prof", testing::renderSampleProfile());
  std::string out = dir_ + "/table.txt";
  auto r = run({path, "--top", "3", "-o", out});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  std::string table = testing::readBytes(out);
  EXPECT_NE(table.find("   Ordered by: internal time\n"), std::string::npos) << table;
  EXPECT_NE(table.find("List reduced from 6 to 3 due to restriction <3>"), std::string::npos) << table;
  EXPECT_NE(table.find("/home/u/app/kernel.h:20(kernel)"), std::string::npos) << table;
}

TEST_F(PprofStatsCli, UnwritableOutput) {
  std::string path = writeProfile("out.prof", testing::renderSampleProfile());
  auto r = run({path, "-o", dir_ + "/no/such/dir/x.json"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err, "pprof-stats: cannot write '" + dir_ + "/no/such/dir/x.json': No such file or directory\n");
}

TEST_F(PprofStatsCli, TruncatedProfileStillReads) {
  std::string full = writeProfile("full.prof", testing::renderSampleProfile());
  std::string bytes = testing::readBytes(full);
  std::string cut = writeFile("cut.prof", bytes.substr(0, bytes.size() * 2 / 3));
  auto r = run({cut, "--format", "json"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc["functions"].is_array());
  auto table = run({cut});
  EXPECT_NE(table.out.find("warning: incomplete profile"), std::string::npos) << table.out;
}

}  // namespace
}  // namespace pprof

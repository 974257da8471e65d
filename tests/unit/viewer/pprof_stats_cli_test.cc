// pprof-stats as a user runs it: exit codes, one-line errors, and end to end from a profile
// written with ProfWriter to the JSON and table outputs.
#include <gtest/gtest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "format/prof_file.h"
#include "sample_profile.h"
#include "support/run_program.h"

namespace pprof {
namespace {

using testing::RunResult;

class PprofStatsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pprof-stats-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

  RunResult run(std::vector<std::string> args) {
    args.insert(args.begin(), PPROF_STATS_BIN);
    return testing::runProgram(args, dir_);
  }

  std::string writeFile(const std::string& name, const std::string& bytes) {
    std::string path = dir_ + "/" + name;
    testing::writeBytes(path, bytes);
    return path;
  }

  // Writes `profile` through the real out.prof writer, the way pprof-run does.
  std::string writeProfile(const std::string& name, const Profile& profile) {
    std::string path = dir_ + "/" + name;
    auto created = ProfWriter::create(path);
    EXPECT_TRUE(created) << created.message();
    if (!created) return path;
    ProfWriter& w = *created.value();
    EXPECT_TRUE(w.writeMeta(profile.meta));
    for (const auto& p : profile.processes) EXPECT_TRUE(w.addProcess(p));
    for (const auto& t : profile.threads) EXPECT_TRUE(w.addThread(t));
    for (const auto& m : profile.modules) EXPECT_TRUE(w.addModule(m));
    for (const auto& l : profile.locations) EXPECT_TRUE(w.addLocation(l.module, l.address));
    for (const auto& s : profile.stacks) EXPECT_TRUE(w.addStack(s));
    for (const auto& s : profile.samples) EXPECT_TRUE(w.addSample(s));
    for (const auto& f : profile.functions) EXPECT_TRUE(w.addFunction(f));
    for (size_t i = 0; i < profile.locations.size(); ++i) {
      if (!profile.locations[i].lines.empty()) {
        EXPECT_TRUE(w.setLocationLines(static_cast<uint32_t>(i), profile.locations[i].lines));
      }
    }
    EXPECT_TRUE(w.finish());
    return path;
  }

  std::string dir_;
};

TEST_F(PprofStatsCli, MissingFile) {
  auto r = run({dir_ + "/nope.prof"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err, "pprof-stats: cannot read '" + dir_ + "/nope.prof': No such file or directory\n");
  EXPECT_EQ(r.out, "");
}

TEST_F(PprofStatsCli, DirectoryIsNotAProfile) {
  auto r = run({dir_});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err, "pprof-stats: cannot read '" + dir_ + "': Is a directory\n");
}

TEST_F(PprofStatsCli, NotAProfileFile) {
  std::string path = writeFile("x.txt", "hello, this is text\n");
  auto r = run({path});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err, "pprof-stats: " + path + ": not an out.prof file (bad magic)\n");
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
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')), "pprof-stats: --top: expected a positive integer, got 'abc'");
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

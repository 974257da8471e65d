// pprof-stats end to end with several inputs and output formats: merging, exports (and the
// round trip out.prof -> pprof -> pprof-stats), cProfile input and its errors, --threads,
// --pid/--tid, --callers/--by on sampled profiles, and binary output refused on a terminal.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <pty.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "sample_profile.h"
#include "stats_cli_fixture.h"

namespace pprof {
namespace {

const std::string kFixtures = PPROF_CPROFILE_FIXTURE_DIR;

// The text from the first line starting with `marker` on, and the header before it.
std::pair<std::string, std::string> splitAt(const std::string& text, const std::string& marker) {
  size_t at = text.find("\n" + marker);
  if (at == std::string::npos) return {text, ""};
  return {text.substr(0, at + 1), text.substr(at + 1)};
}

TEST_F(PprofStatsCli, RoundTripThroughPprofGivesTheSameTable) {
  std::string prof = writeProfile("out.prof", testing::renderSampleProfile());
  std::string pb = dir_ + "/out.pb.gz";
  ASSERT_EQ(run({prof, "--format", "pprof", "-o", pb}).exit_status, 0);
  EXPECT_EQ(testing::readBytes(pb).substr(0, 2), "\x1f\x8b");
  for (const char* sort : {"time", "cumulative", "name"}) {
    auto direct = run({prof, "--sort", sort});
    auto via_pprof = run({pb, "--sort", sort});
    ASSERT_EQ(via_pprof.exit_status, 0) << via_pprof.err;
    // The table is identical; only the header may differ: the title names the input file, and
    // pprof carries no clock name and no lost/truncated counts.
    auto [direct_header, direct_table] = splitAt(direct.out, "   Ordered by");
    auto [pprof_header, pprof_table] = splitAt(via_pprof.out, "   Ordered by");
    EXPECT_EQ(direct_table, pprof_table);
    EXPECT_EQ(direct_header,
              "Fri Nov 21 21:02:59 2025 UTC    " + prof + "\n\n"
              "         1000 samples in 1.000 CPU seconds over 1.500 wall seconds, 3 threads, 2 processes\n"
              "         sampled at 1000 Hz (cpu mode, test-clock); ncalls = samples with the function on the stack\n"
              "         warning: 3 lost samples, 1 truncated stacks\n\n");
    EXPECT_EQ(pprof_header,
              "Fri Nov 21 21:02:59 2025 UTC    " + pb + "\n\n"
              "         1000 samples in 1.000 CPU seconds over 1.500 wall seconds, 3 threads, 2 processes\n"
              "         sampled at 1000 Hz (cpu mode); ncalls = samples with the function on the stack\n\n")
        << direct.out << via_pprof.out;
  }
}

TEST_F(PprofStatsCli, ExportsCollapsedAndSpeedscope) {
  std::string prof = writeProfile("out.prof", testing::renderSampleProfile());
  auto collapsed = run({prof, "--format", "collapsed"});
  ASSERT_EQ(collapsed.exit_status, 0) << collapsed.err;
  EXPECT_NE(collapsed.out.find("main;analysis::sum(std::vector<double> const&);kernel 604\n"), std::string::npos)
      << collapsed.out;
  auto only_child = run({prof, "--format", "collapsed", "--pid", "4242"});
  EXPECT_EQ(only_child.out.find("kernel"), std::string::npos) << only_child.out;
  EXPECT_NE(only_child.out.find("memmove"), std::string::npos) << only_child.out;
  auto speedscope = run({prof, "--format", "speedscope"});
  ASSERT_EQ(speedscope.exit_status, 0) << speedscope.err;
  auto doc = nlohmann::json::parse(speedscope.out);
  EXPECT_EQ(doc["$schema"], "https://www.speedscope.app/file-format-schema.json");
  EXPECT_EQ(doc["profiles"].size(), 3u);  // one per thread
}

TEST_F(PprofStatsCli, SeveralFilesAreMerged) {
  std::string a = writeProfile("a.prof", testing::renderSampleProfile());
  std::string b = writeProfile("b.prof", testing::renderSampleProfile());
  auto r = run({a, b, "--format", "json", "--top", "1"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["meta"]["samples"], 2000);
  EXPECT_EQ(doc["functions"][0]["self_samples"], 1208);
  auto table = run({a, b, "--top", "1"});
  const size_t titles = table.out.find(a + "\n" + b + "\n");  // pstats lists every file
  ASSERT_NE(titles, std::string::npos) << table.out;
  EXPECT_EQ(titles, table.out.find(a)) << table.out;
}

TEST_F(PprofStatsCli, ThreadsListingAndPidTidRestriction) {
  std::string prof = writeProfile("out.prof", testing::renderSampleProfile());
  auto r = run({prof, "--threads"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("   2 processes\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("      100      101       254     0.254  pool-1\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("filename:lineno"), std::string::npos) << r.out;  // no function table
  auto json = nlohmann::json::parse(run({prof, "--tid", "101", "--format", "json"}).out);
  EXPECT_EQ(json["meta"]["samples"], 254);
  EXPECT_EQ(json["threads"].size(), 1u);
  auto pid = nlohmann::json::parse(run({prof, "--pid", "4242", "--format", "json"}).out);
  EXPECT_EQ(pid["meta"]["samples"], 145);
  EXPECT_EQ(pid["meta"]["processes"], 1);
}

TEST_F(PprofStatsCli, CallersAndGroupingOnSampledProfiles) {
  std::string prof = writeProfile("out.prof", testing::renderSampleProfile());
  auto callers = run({prof, "--callers", "kernel"});
  ASSERT_EQ(callers.exit_status, 0) << callers.err;
  EXPECT_NE(callers.out.find("was called by...\n"), std::string::npos) << callers.out;
  EXPECT_NE(callers.out.find("<-     604    0.604    0.604  /home/u/app/sum.cc:3(analysis::sum"), std::string::npos)
      << callers.out;
  auto by_file = run({prof, "--by", "file", "--sort", "cumulative"});
  EXPECT_NE(by_file.out.find("/home/u/app/main.cc:0(*)"), std::string::npos) << by_file.out;
  auto by_module = run({prof, "--by", "module", "--top", "1", "--sort", "time"});
  EXPECT_NE(by_module.out.find("/home/u/app/build/app:0(*)"), std::string::npos) << by_module.out;
}

TEST_F(PprofStatsCli, CProfileInputAndItsErrors) {
  auto ok = run({kFixtures + "/fib.prof", "--format", "json"});
  ASSERT_EQ(ok.exit_status, 0) << ok.err;
  auto doc = nlohmann::json::parse(ok.out);
  EXPECT_GT(doc["meta"]["function_calls"].get<uint64_t>(), doc["meta"]["primitive_calls"].get<uint64_t>());

  std::string bytes = testing::readBytes(kFixtures + "/fib.prof");
  std::string cut = writeFile("cut.prof", bytes.substr(0, 100));
  auto bad = run({cut});
  EXPECT_EQ(bad.exit_status, 1);
  EXPECT_EQ(testing::lineCount(bad.err), 1u) << bad.err;
  EXPECT_EQ(bad.err.rfind("pprof-stats: " + cut + ": marshal: truncated", 0), 0u) << bad.err;
  EXPECT_NE(bad.err.find(" at offset "), std::string::npos) << bad.err;

  auto by_line = run({kFixtures + "/fib.prof", "--by", "line"});
  EXPECT_EQ(by_line.exit_status, 2);
  EXPECT_EQ(by_line.err, "pprof-stats: --by: cProfile data can only be listed by function (it has no stacks)\n");
  auto export_pprof = run({kFixtures + "/fib.prof", "--format", "pprof", "-o", dir_ + "/x.pb.gz"});
  EXPECT_EQ(export_pprof.exit_status, 1);
  EXPECT_EQ(testing::lineCount(export_pprof.err), 1u);
}

// Runs pprof-stats with its stdout on a pseudo-terminal; returns the exit status.
int runOnTerminal(const std::vector<std::string>& args, std::string& err_text, const std::string& dir) {
  int master = -1, slave = -1;
  if (openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) return -1;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, slave, 1);
  const std::string err_path = dir + "/tty-stderr";
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> argv{PPROF_STATS_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (auto& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawn(&pid, raw[0], &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(slave);
  int status = -1;
  if (rc == 0) waitpid(pid, &status, 0);
  close(master);
  err_text = testing::readBytes(err_path);
  return rc == 0 ? testing::shellStatus(status) : -1;
}

TEST_F(PprofStatsCli, BinaryPprofIsNotWrittenToATerminal) {
  std::string prof = writeProfile("out.prof", testing::renderSampleProfile());
  std::string err;
  int status = runOnTerminal({prof, "--format", "pprof"}, err, dir_);
  if (status == -1) GTEST_SKIP() << "no pseudo-terminal available";
  EXPECT_EQ(status, 2);
  EXPECT_EQ(err, "pprof-stats: --format pprof: binary data not written to a terminal (use -o FILE or redirect)\n");
  EXPECT_EQ(runOnTerminal({prof, "--top", "2"}, err, dir_), 0) << err;  // text is fine
}

}  // namespace
}  // namespace pprof

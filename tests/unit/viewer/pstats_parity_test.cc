// pprof-stats on real cProfile dumps (tests/unit/formats/cprofile_fixture, made by
// `python3 -m cProfile -o`) against what pstats itself prints for the same files and the same
// sort keys, restrictions, listings, merges and strip_dirs. pstats' text is produced at test
// time by python3 (part of the test environment; the comparison is skipped without it); our own
// output is also kept as goldens (UPDATE_GOLDEN=1 rewrites them).
//
// Compared: everything from pstats' "N function calls" line on (the title line before it has
// the file's mtime in pstats and the run's start in ours), with our two percentage columns
// (self%, total%) removed from each row; call listings from "Ordered by:" on.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "support/golden.h"
#include "support/run_program.h"

namespace pprof {
namespace {

const std::string kFixtures = PPROF_CPROFILE_FIXTURE_DIR;

struct Case {
  const char* golden;                 // our output's golden file
  std::vector<std::string> files;     // fixture names
  std::vector<std::string> args;      // pprof-stats flags
  std::string python;                 // pstats calls after Stats(*files)
  const char* from;                   // first compared line starts with this
};

// workload.prof sorted by one pstats key, compared whole.
Case sortedBy(const std::string& key) {
  return {nullptr, {"workload.prof"}, {"--sort", key}, ".sort_stats('" + key + "').print_stats()", "function calls"};
}

const Case kCases[] = {
    {"cprofile_time.txt", {"workload.prof"}, {"--sort", "time"}, ".sort_stats('time').print_stats()", "function calls"},
    {"cprofile_cumulative.txt", {"workload.prof"}, {"--sort", "cumulative"}, ".sort_stats('cumulative').print_stats()",
     "function calls"},
    sortedBy("tottime"),
    sortedBy("cumtime"),
    sortedBy("calls"),
    sortedBy("ncalls"),
    sortedBy("pcalls"),
    sortedBy("name"),
    sortedBy("file"),
    sortedBy("filename"),
    sortedBy("line"),
    sortedBy("nfl"),
    sortedBy("stdname"),
    {nullptr, {"workload.prof"}, {"--sort", "file,line"}, ".sort_stats('file', 'line').print_stats()", "function calls"},
    {nullptr, {"workload.prof"}, {"--sort", "calls", "--sort", "name"}, ".sort_stats('calls', 'name').print_stats()",
     "function calls"},
    {"cprofile_restricted.txt", {"workload.prof"}, {"--sort", "time", "--top", "0.25", "--filter", "work"},
     ".sort_stats('time').print_stats(0.25, 'work')", "function calls"},
    {nullptr, {"workload.prof"}, {"--sort", "cumulative", "--top", "5"}, ".sort_stats('cumulative').print_stats(5)",
     "function calls"},
    {nullptr, {"workload.prof"}, {"--sort", "name", "--top", "0"}, ".sort_stats('name').print_stats(0)", "function calls"},
    {nullptr, {"workload.prof"}, {"--sort", "name", "--filter", "no such"}, ".sort_stats('name').print_stats('no such')",
     "function calls"},
    {"cprofile_merged.txt", {"workload.prof", "workload_short.prof"}, {"--sort", "time"},
     ".sort_stats('time').print_stats()", "function calls"},
    {nullptr, {"workload.prof", "workload_short.prof", "fib.prof"}, {"--strip-dirs", "--sort", "cumulative"},
     ".strip_dirs().sort_stats('cumulative').print_stats()", "function calls"},
    {"fib_time.txt", {"fib.prof"}, {"--sort", "time"}, ".sort_stats('time').print_stats()", "function calls"},
    {"cprofile_callers.txt", {"workload.prof"}, {"--sort", "cumulative", "--callers", "is_|sum"},
     ".sort_stats('cumulative').print_callers('is_|sum')", "   Ordered by"},
    {"cprofile_callees.txt", {"workload.prof", "workload_short.prof"}, {"--sort", "time", "--top", "8", "--callees", "."},
     ".sort_stats('time').print_callees(8, '.')", "   Ordered by"},
    {nullptr, {"workload.prof"}, {"--strip-dirs", "--sort", "name", "--callers", "."},
     ".strip_dirs().sort_stats('name').print_callers('.')", "   Ordered by"},
};

// From the first line containing `marker` on.
std::string fromLine(const std::string& text, const std::string& marker) {
  size_t at = text.find(marker);
  if (at == std::string::npos) return "(no line with '" + marker + "')\n" + text;
  size_t line_start = text.rfind('\n', at);
  return line_start == std::string::npos ? text : text.substr(line_start + 1);
}

// Our table rows without the self% and total% columns: what pstats prints.
std::string withoutPercentColumns(const std::string& text) {
  static const std::regex row(R"(^( *\S+ .{8} .{8} .{8} .{8}) .{7} .{7}( .*)$)");
  static const std::regex header(R"(^(   ncalls  tottime  percall  cumtime  percall)   self%  total%( .*)$)");
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    line = std::regex_replace(line, header, "$1$2");
    if (line.size() > 62 && line[0] == ' ') line = std::regex_replace(line, row, "$1$2");
    out += line;
    if (end == std::string::npos) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

std::string python3() {
  for (const char* path : {"/usr/bin/python3", "/usr/local/bin/python3"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return "";
}

class PstatsParity : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pprof-pstats-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_P(PstatsParity, SameTextAsPstats) {
  const Case& c = GetParam();
  std::vector<std::string> argv{PPROF_STATS_BIN};
  std::string files;
  for (const std::string& f : c.files) {
    argv.push_back(kFixtures + "/" + f);
    files += "'" + kFixtures + "/" + f + "', ";
  }
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  testing::RunResult ours = testing::runProgram(argv, dir_);
  ASSERT_EQ(ours.exit_status, 0) << ours.err;
  const std::string compared = withoutPercentColumns(fromLine(ours.out, c.from));
  if (c.golden) testing::expectGolden(PPROF_VIEWER_GOLDEN_DIR, c.golden, fromLine(ours.out, c.from));

  const std::string python = python3();
  if (python.empty()) GTEST_SKIP() << "python3 not installed: compared with goldens only";
  const std::string code = "import pstats; pstats.Stats(" + files + ")" + c.python;
  testing::RunResult reference = testing::runProgram({python, "-c", code}, dir_);
  ASSERT_EQ(reference.exit_status, 0) << reference.err;
  EXPECT_EQ(compared, fromLine(reference.out, c.from)) << "pprof-stats output:\n" << ours.out;
}

INSTANTIATE_TEST_SUITE_P(CProfileDumps, PstatsParity, ::testing::ValuesIn(kCases));

}  // namespace
}  // namespace pprof

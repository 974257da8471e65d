// The real consumer: `go tool pprof -top` must read our export and print our numbers. Skipped
// when Go is not installed. Runs offline with a private HOME/GOCACHE.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "formats/pprof_export.h"
#include "sample_profiles.h"

namespace pprof::formats {
namespace {

std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return "popen failed";
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  int status = ::pclose(pipe);
  if (status != 0) output += "\n[exit status " + std::to_string(status) + "]";
  return output;
}

bool haveGo() { return run("command -v go >/dev/null 2>&1 && echo yes") == "yes\n"; }

std::string goPprofTop(const std::string& file) {
  std::string home = file + ".home";
  return run("mkdir -p " + home + " && env HOME=" + home + " GOCACHE=" + home + "/cache GOPATH=" + home +
             "/go GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local PPROF_TMPDIR=" + home +
             " go tool pprof -top -nodecount=20 " + file + " 2>&1");
}

// "      4ms 18.18% 18.18%       9ms 40.91%  compute(int)" -> name -> the five numbers' text.
// Inlined frames are printed as "square (inline)"; the suffix is dropped.
std::map<std::string, std::vector<std::string>> topRows(const std::string& output) {
  std::map<std::string, std::vector<std::string>> rows;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::vector<std::string> columns(5);
    for (std::string& c : columns) fields >> c;
    std::string name;
    std::getline(fields >> std::ws, name);
    auto isPercent = [](const std::string& c) { return !c.empty() && c.back() == '%'; };
    if (name.empty() || !isPercent(columns[1]) || !isPercent(columns[4])) continue;
    const std::string inline_suffix = " (inline)";  // pprof marks inlined frames
    if (name.size() > inline_suffix.size() && name.ends_with(inline_suffix)) name.resize(name.size() - inline_suffix.size());
    rows[name] = columns;
  }
  return rows;
}

// pprof's own formatting: "0%", "100%", else two decimals.
std::string percent(uint64_t part, uint64_t whole) {
  if (part == 0) return "0%";
  if (part == whole) return "100%";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return text;
}

TEST(GoToolPprof, ReadsOurExportWithExpectedFlatAndCum) {
  if (!haveGo()) GTEST_SKIP() << "go not installed";
  Profile p = testing::sampleProfile();
  Result<std::string> bytes = encodePprof(p);
  ASSERT_TRUE(bytes.isOk()) << bytes.message();
  std::string file = testing::tempPath("sample.pb.gz");
  testing::writeBytes(file, bytes.value());
  std::string output = goPprofTop(file);
  ASSERT_EQ(output.find("exit status"), std::string::npos) << output;
  uint64_t total = 0;
  for (const Sample& s : p.samples) total += s.weight;  // 1 ms each
  EXPECT_NE(output.find("of " + std::to_string(total) + "ms total"), std::string::npos) << output;
  auto rows = topRows(output);
  for (const auto& [name, weight] : testing::functionWeights(p)) {
    if (name.rfind("0x", 0) == 0 || name.find("+0x") != std::string::npos) continue;  // pprof names these itself
    auto row = rows.find(name);
    ASSERT_NE(row, rows.end()) << name << " missing in\n" << output;
    const std::vector<std::string>& c = row->second;
    EXPECT_EQ(c[0], weight.self ? std::to_string(weight.self) + "ms" : "0") << name << "\n" << output;
    EXPECT_EQ(c[1], percent(weight.self, total)) << name;
    EXPECT_EQ(c[3], std::to_string(weight.total) + "ms") << name << "\n" << output;
    EXPECT_EQ(c[4], percent(weight.total, total)) << name;
  }
}

TEST(GoToolPprof, SampleCountsWithoutPeriod) {
  if (!haveGo()) GTEST_SKIP() << "go not installed";
  Profile p = testing::sampleProfile();
  p.meta.period_ns = 0;
  Result<std::string> bytes = encodePprof(p);
  ASSERT_TRUE(bytes.isOk()) << bytes.message();
  std::string file = testing::tempPath("counts.pb.gz");
  testing::writeBytes(file, bytes.value());
  std::string output = goPprofTop(file);
  ASSERT_EQ(output.find("exit status"), std::string::npos) << output;
  EXPECT_NE(output.find("of 22 total"), std::string::npos) << output;
}

}  // namespace
}  // namespace pprof::formats

// The real consumer: `go tool pprof -top` must read our export and print our numbers. Skipped
// when Go is not installed. Runs offline with a private HOME/GOCACHE.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "formats/pprof_export.h"
#include "support/go_pprof.h"
#include "sample_profiles.h"

namespace pprof::formats {
namespace {

using pprof::testing::goPprofTop;
using pprof::testing::haveGo;
using pprof::testing::topRows;

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

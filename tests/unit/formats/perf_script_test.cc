// `perf script` import: a real fixture (golden/perf_script.txt, made by perf_fixture/make.sh),
// the header variants perf prints with other options, and garbage.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "formats/collapsed.h"
#include "formats/perf_script.h"
#include "sample_profiles.h"

namespace pprof::formats {
namespace {

std::string fixture() { return testing::readBytes(std::string(PPROF_FORMATS_GOLDEN_DIR) + "/perf_script.txt"); }

// Counted independently of the parser: header lines are the non-empty, non-indented ones.
std::map<std::string, size_t> headerCountsByComm(const std::string& text) {
  std::map<std::string, size_t> counts;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line))
    if (!line.empty() && line[0] != '\t' && line[0] != ' ') ++counts[line.substr(0, line.find(' '))];
  return counts;
}

TEST(PerfScriptImport, RealFixture) {
  std::string text = fixture();
  ASSERT_FALSE(text.empty());
  Result<Profile> r = parsePerfScript(text, "perf_script.txt");
  ASSERT_TRUE(r.isOk()) << r.message();
  const Profile& p = r.value();
  ASSERT_TRUE(checkValid(p).isOk()) << checkValid(p).message();
  auto counts = headerCountsByComm(text);
  ASSERT_EQ(counts.size(), 2u);
  size_t headers = counts["spin"] + counts["spin-worker"];
  ASSERT_EQ(p.samples.size(), headers);
  ASSERT_EQ(p.threads.size(), 2u);
  std::map<std::string, uint64_t> weight_by_thread;
  for (const Sample& s : p.samples) weight_by_thread[p.threads[s.thread].name] += s.weight;
  EXPECT_EQ(weight_by_thread["spin"], counts["spin"]);  // fixed 5 ms period: weight 1 each
  EXPECT_EQ(weight_by_thread["spin-worker"], counts["spin-worker"]);
  EXPECT_EQ(p.meta.period_ns, 5000000u);
  EXPECT_EQ(p.meta.frequency_hz, 200u);
  EXPECT_EQ(p.meta.clock, "cpu-clock:ppp");
  auto weights = testing::functionWeights(p);
  EXPECT_EQ(weights["(anonymous namespace)::mix"].total, weights["(anonymous namespace)::hashLoop"].total);
  EXPECT_GT(weights["(anonymous namespace)::hashLoop"].total, 0u);
  EXPECT_GT(weights["(anonymous namespace)::sumLoop"].self, 0u);
  std::set<std::string> modules;
  for (const Module& m : p.modules) modules.insert(m.path);
  EXPECT_TRUE(modules.count("/tmp/fixture/spin"));
  uint64_t previous = 0;
  for (const Sample& s : p.samples) {
    EXPECT_GE(s.timestamp_ns, previous);
    previous = s.timestamp_ns;
  }
  EXPECT_EQ(p.samples.front().timestamp_ns, 0u);
}

TEST(PerfScriptImport, FixtureGolden) {
  Result<Profile> r = parsePerfScript(fixture(), "perf_script.txt");
  ASSERT_TRUE(r.isOk()) << r.message();
  testing::checkGolden("perf_script.collapsed", encodeCollapsed(r.value(), {.thread_roots = true}));
}

TEST(PerfScriptImport, HeaderVariants) {
  std::string text =
      "# ========\n# captured on: x\n# ========\n"
      "Web Content 100/101 [003] 12.000001: 250000 cpu-clock:\n"   // comm with a space, pid/tid, cpu
      "\t401000 work(int, char)+0x10 (/bin/app)\n"
      "\t401200 main+0x2 (/bin/app)\n"
      "\tffffffff81000000 [unknown] ([unknown])\n"
      "\n"
      "app 100/100 12.000251: cpu-clock: \n"                       // no period: 1
      "\t401200 main+0x2 (/bin/app)\n"
      "app 100/100 12.000501: 500000 cpu-clock:  401000 work(int, char)+0x10 (/bin/app)\n"  // no -g
      "app 100/100 12.000751: 250000 cpu-clock:\n";               // no frames at all
  Result<Profile> r = parsePerfScript(text, "v.txt");
  ASSERT_TRUE(r.isOk()) << r.message();
  const Profile& p = r.value();
  ASSERT_TRUE(checkValid(p).isOk()) << checkValid(p).message();
  ASSERT_EQ(p.samples.size(), 4u);
  ASSERT_EQ(p.processes.size(), 1u);
  EXPECT_EQ(p.processes[0].pid, 100);
  ASSERT_EQ(p.threads.size(), 2u);
  EXPECT_EQ(p.threads[0].name, "Web Content");
  EXPECT_EQ(p.threads[0].tid, 101);
  EXPECT_EQ(p.threads[1].name, "app");
  EXPECT_EQ(p.samples[2].weight, 2u);  // period 500000 in units of the usual 250000
  EXPECT_EQ(p.samples[1].timestamp_ns, 250000u);
  auto weights = testing::functionWeights(p);
  EXPECT_EQ(weights["work(int, char)"].self, 3u);
  EXPECT_EQ(weights["main"].total, 2u);
  EXPECT_EQ(weights["[no stack]"].self, 1u);
  const Location& kernel = p.locations[p.stacks[p.samples[0].stack].locations.back()];
  EXPECT_EQ(kernel.module, kNone);
  EXPECT_EQ(kernel.address, 0xffffffff81000000u);
}

void expectError(const std::string& text, const std::string& message) {
  Result<Profile> r = parsePerfScript(text, "x.txt");
  ASSERT_FALSE(r.isOk()) << text;
  EXPECT_EQ(r.message(), message);
}

TEST(PerfScriptImport, ErrorsNameTheLine) {
  expectError("app 1 1.0: 1 e:\n\tzz main (/a)\n", "x.txt:2: expected 'ADDRESS SYMBOL (DSO)'");
  expectError("app 1 1.0: 1 e:\n\t401000 main /a\n", "x.txt:2: expected 'ADDRESS SYMBOL (DSO)'");
  expectError("\nhello world\n", "x.txt:2: expected 'comm pid/tid time: period event:'");
  expectError("app x/1 1.0: 1 e:\n", "x.txt:1: expected 'comm pid/tid time: period event:'");
  expectError("app 1 1.0: 99999999999999999999999 e:\n", "x.txt:1: period '99999999999999999999999' is too large");
}

TEST(PerfScriptImport, GarbageNeverCrashes) {
  std::string base = fixture().substr(0, 2000);
  uint32_t state = 99;
  for (int round = 0; round < 2000; ++round) {
    std::string text = base;
    for (int k = 0; k < 4; ++k) {
      size_t at = ((state = state * 1103515245 + 12345) >> 8) % text.size();
      text[at] = static_cast<char>(state >> 24);
    }
    Result<Profile> r = parsePerfScript(text, "g.txt");
    if (r.isOk()) {
      ASSERT_TRUE(checkValid(r.value()).isOk());
    } else {
      ASSERT_EQ(r.message().rfind("g.txt:", 0), 0u) << r.message();
    }
  }
}

}  // namespace
}  // namespace pprof::formats

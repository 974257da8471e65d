#include "sample_profiles.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <unistd.h>

#include "support/golden.h"

namespace pprof::formats::testing {

Profile sampleProfile() {
  Profile p;
  p.meta = {.producer = "pprof-run 0.1", .frequency_hz = 1000, .mode = "cpu", .clock = "perf-task-clock",
            .period_ns = 1000000, .start_realtime_ns = 1700000000000000000, .duration_ns = 2000000000,
            .command = {"app", "--fast"}, .lost_samples = 0, .truncated_stacks = 0, .complete = true};
  p.processes = {{.pid = 100, .ppid = 1, .parent = kNone, .executable = "/usr/bin/app", .command = {"app"}},
                 {.pid = 101, .ppid = 100, .parent = 0, .executable = "/usr/bin/app", .command = {"app"}}};
  p.threads = {{.process = 0, .tid = 100, .name = "app"},
               {.process = 0, .tid = 102, .name = "worker-1"},
               {.process = 1, .tid = 101, .name = "child"}};
  p.modules = {
      {.process = 0, .path = "/usr/bin/app", .build_id = "ab12", .start = 0x555555554000, .end = 0x555555560000, .bias = 0x555555554000},
      {.process = 0, .path = "/lib/libc.so.6", .build_id = "", .start = 0x7f0000010000, .end = 0x7f0000200000, .bias = 0x7f0000000000},
      {.process = 1, .path = "/usr/bin/app", .build_id = "ab12", .start = 0x565555554000, .end = 0x565555560000, .bias = 0x565555554000}};
  p.functions = {{"main", "main", "app.cc", 10, 0},
                 {"compute(int)", "_Z7computei", "app.cc", 30, 0},
                 {"square", "square", "app.h", 5, 0},
                 {"memcpy", "memcpy", "", 0, 1},
                 {"parse;json", "parse;json", "parse.cc", 48, 0},
                 {"worker_loop", "worker_loop", "app.cc", 38, 0}};
  p.locations = {{0, 0x1100, {{0, 12}}},
                 {0, 0x1200, {{2, 6}, {1, 33}}},  // square inlined into compute
                 {1, 0x9c800, {{3, 0}}},
                 {1, 0x12345, {}},                // unsymbolized, in libc
                 {0, 0x1300, {{5, 40}}},
                 {0, 0x1400, {{4, 50}}},
                 {kNone, 0xffffffff81000000, {}},  // outside every module
                 {2, 0x1100, {{0, 12}}}};
  p.stacks = {{{1, 0}}, {{2, 1, 0}}, {{0}}, {{3, 4}}, {{5, 4}}, {{6, 2, 4}}, {{7}}};
  // (stack, thread, weight) in time order; some pairs repeat so exports must merge them.
  const uint32_t plan[][3] = {{0, 0, 1}, {1, 0, 2}, {0, 0, 1}, {3, 1, 1}, {4, 1, 3}, {2, 0, 1}, {5, 1, 1},
                              {6, 2, 2}, {0, 0, 1}, {4, 1, 1}, {1, 0, 1}, {6, 2, 1}, {5, 1, 2}, {0, 0, 4}};
  uint64_t t = 1000;
  for (const auto& [stack, thread, weight] : plan) {
    p.samples.push_back({.stack = stack, .thread = thread, .timestamp_ns = t, .weight = weight});
    t += 1000000 * weight;
  }
  for (Thread& thread : p.threads) thread.end_ns = t;
  return p;
}

namespace {

std::vector<std::string> frameNamesRootFirst(const Profile& p, const Stack& stack) {
  std::vector<std::string> names;
  for (size_t i = stack.locations.size(); i-- > 0;) {
    const Location& l = p.locations[stack.locations[i]];
    if (l.lines.empty()) {
      std::ostringstream name;
      if (l.module != kNone) {
        const std::string& path = p.modules[l.module].path;
        name << path.substr(path.rfind('/') + 1) << '+';
      }
      name << "0x" << std::hex << l.address;
      names.push_back(name.str());
    }
    for (size_t j = l.lines.size(); j-- > 0;) names.push_back(p.functions[l.lines[j].function].name);
  }
  return names;
}

}  // namespace

std::map<std::string, FunctionWeight> functionWeights(const Profile& p) {
  std::map<std::string, FunctionWeight> out;
  for (const Sample& s : p.samples) {
    std::vector<std::string> names = frameNamesRootFirst(p, p.stacks[s.stack]);
    out[names.back()].self += s.weight;
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const std::string& name : names) out[name].total += s.weight;
  }
  return out;
}

namespace {

std::filesystem::path processTempDir() {
  return std::filesystem::temp_directory_path() / ("pprof-formats-" + std::to_string(getpid()));
}

// Removes this process's temp files when the test program ends.
class TempDirCleanup : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(processTempDir(), ignored);
  }
};
[[maybe_unused]] ::testing::Environment* const kCleanup = ::testing::AddGlobalTestEnvironment(new TempDirCleanup);

}  // namespace

std::string tempPath(const std::string& leaf) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = processTempDir() / info->test_suite_name() / info->name();
  std::filesystem::create_directories(dir);
  return (dir / leaf).string();
}

void checkGolden(const std::string& leaf, const std::string& actual) {
  pprof::testing::expectGolden(PPROF_FORMATS_GOLDEN_DIR, leaf, actual);
}

}  // namespace pprof::formats::testing

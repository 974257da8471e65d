// The real path: pprof-run + the preloaded sampler + the out.prof writer + the symbolizer.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <set>

#include "format/prof_file.h"
#include "support/run_program.h"

namespace pprof::collector {
namespace {

using pprof::testing::lineCount;
using pprof::testing::RunResult;
using pprof::testing::runProgram;

TEST(PprofRunEndToEnd, ProfilesThreadsForkedChildAndSymbolizes) {
  std::string dir = ::testing::TempDir() + "/pprof_run_e2e_" + std::to_string(getpid());
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0);
  std::string output = dir + "/busy.prof";
  RunResult r = runProgram({PPROF_RUN_PATH, "-o", output, COLLECTOR_BUSY_PATH}, dir);
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(lineCount(r.err), 2u) << r.err;
  EXPECT_NE(r.err.find(" -> " + output), std::string::npos) << r.err;

  auto read = readProfFile(output);
  std::system(("rm -rf '" + dir + "'").c_str());
  ASSERT_TRUE(read) << read.message();
  const Profile& p = read.value();
  Status valid = checkValid(p);
  EXPECT_TRUE(valid) << valid.message();
  EXPECT_TRUE(p.meta.complete);
  EXPECT_FALSE(p.meta.clock.empty());
  EXPECT_EQ(p.meta.frequency_hz, 1000u);
  // 0.7 s of CPU at 1 kHz: far more than 100 samples unless sampling is broken.
  EXPECT_GT(p.samples.size(), 100u);
  ASSERT_EQ(p.processes.size(), 2u);
  EXPECT_EQ(p.processes[1].parent, 0u);
  EXPECT_EQ(p.processes[1].ppid, p.processes[0].pid);
  EXPECT_GE(p.threads.size(), 3u);
  bool has_exe_module = false;
  for (const Module& m : p.modules) has_exe_module |= m.path.ends_with("/collector_busy");
  EXPECT_TRUE(has_exe_module);

  // Each thread's samples must show its own burn_* function under main or the thread entry.
  std::vector<std::set<std::string>> functions_by_thread(p.threads.size());
  for (const Sample& s : p.samples) {
    for (uint32_t loc : p.stacks[s.stack].locations) {
      for (const Line& line : p.locations[loc].lines) {
        functions_by_thread[s.thread].insert(p.functions[line.function].name);
      }
    }
  }
  // Names may or may not carry their parameter list: "ns::f" or "ns::f(int)".
  auto has = [&](size_t thread, const std::string& function) {
    for (const std::string& name : functions_by_thread[thread]) {
      if (name == function || name.starts_with(function + "(")) return true;
    }
    return false;
  };
  auto threadWith = [&](const std::string& function) {
    for (size_t t = 0; t < p.threads.size(); ++t) {
      if (has(t, "(anonymous namespace)::" + function)) return static_cast<int>(t);
    }
    return -1;
  };
  int main_thread = threadWith("burn_main"), worker = threadWith("burn_worker"), child = threadWith("burn_child");
  ASSERT_GE(main_thread, 0);
  ASSERT_GE(worker, 0);
  ASSERT_GE(child, 0);
  EXPECT_EQ(p.threads[main_thread].process, 0u);
  EXPECT_TRUE(has(main_thread, "main"));
  EXPECT_EQ(p.threads[worker].name, "busy-worker");
  EXPECT_EQ(p.threads[child].process, 1u);
  EXPECT_TRUE(has(child, "(anonymous namespace)::spin"));
  for (const Location& l : p.locations) EXPECT_FALSE(l.lines.empty());
}

}  // namespace
}  // namespace pprof::collector

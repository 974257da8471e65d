// End-to-end contract of the preloaded sampler, without the collector: the test listens on its
// own abstract socket, runs sampler_workload with the library preloaded and decodes the stream.
// Rates are checked with loose sanity bounds only (shared machines); exact rates are measured
// by hand (see profiler/sampler/README.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "stream_checks.h"
#include "wire_capture.h"

namespace pprof::sampler::test {
namespace {

const std::string kSampler = PPROF_TEST_SAMPLER;
const std::string kWorkload = PPROF_TEST_WORKLOAD;
const std::string kPlugin = PPROF_TEST_PLUGIN;

const DecodedModule* exeModule(const Connection& c) {
  for (const DecodedModule& m : c.modules) {
    if (m.path == c.exe_path) return &m;
  }
  return nullptr;
}

size_t samplesWithPcInExe(const Connection& c) {
  const DecodedModule* exe = exeModule(c);
  if (exe == nullptr) return 0;
  return std::count_if(c.samples.begin(), c.samples.end(), [&](const DecodedSample& s) {
    return std::any_of(s.pcs.begin(), s.pcs.end(), [&](uint64_t pc) {
      return pc >= exe->record.start && pc < exe->record.end;
    });
  });
}

TEST(SamplerE2E, SingleThreadStreamContract) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "spin", "0.5"}, "hz=1000");
  EXPECT_EQ(run.exit_status, 7);
  EXPECT_EQ(run.stdout_text, "spin done\n");
  ASSERT_EQ(run.connections.size(), 1u);
  const Connection& c = run.connections[0];
  expectWellFormed(c);
  EXPECT_EQ(c.hello.hz, 1000u);
  EXPECT_TRUE(c.hello.clock == wire::ClockKind::kPerfTaskClock ||
              c.hello.clock == wire::ClockKind::kPosixCpuTimer);
  ASSERT_NE(exeModule(c), nullptr);
  EXPECT_GT(exeModule(c)->record.build_id_len, 0);
  // 0.5 CPU-seconds: ~500 samples at 1 kHz, ~125 with the POSIX fallback. Loose bounds.
  EXPECT_GT(c.samples.size(), 60u);
  EXPECT_LT(c.samples.size(), 1000u);
  EXPECT_GT(samplesWithPcInExe(c), c.samples.size() / 2);
  EXPECT_TRUE(c.has_goodbye);
  EXPECT_EQ(c.goodbye.reason, 0);
  EXPECT_EQ(c.record_types.back(), static_cast<uint16_t>(wire::RecordType::kGoodbye));
}

TEST(SamplerE2E, PthreadsAppearWithNames) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "threads"}, "hz=1000");
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.stdout_text, "threads done\n");
  ASSERT_EQ(run.connections.size(), 1u);
  const Connection& c = run.connections[0];
  expectWellFormed(c);
  std::set<std::string> exited_names;
  std::set<int32_t> exited_tids;
  for (const DecodedThread& t : c.threads) {
    if (t.record.event == wire::ThreadEvent::kExited) {
      exited_names.insert(t.record.name);
      exited_tids.insert(t.record.tid);
    }
  }
  for (const char* name : {"worker-0", "worker-1", "worker-2", "worker-3"}) {
    EXPECT_TRUE(exited_names.count(name)) << name;
  }
  std::set<int32_t> sampled;
  for (const DecodedSample& s : c.samples) sampled.insert(s.tid);
  for (int32_t tid : exited_tids) EXPECT_TRUE(sampled.count(tid)) << tid;
}

void expectForkedChild(const RunResult& run, int32_t child_goodbye_reason) {
  ASSERT_EQ(run.connections.size(), 2u);
  const Connection& parent = run.connections[0];
  const Connection& child = run.connections[1];
  expectWellFormed(parent);
  expectWellFormed(child);
  EXPECT_NE(child.hello.pid, parent.hello.pid);
  EXPECT_EQ(child.hello.ppid, parent.hello.pid);
  EXPECT_GT(child.samples.size(), 30u);
  EXPECT_GT(samplesWithPcInExe(child), 0u);
  for (const DecodedSample& s : child.samples) EXPECT_EQ(s.tid, child.hello.pid);
  EXPECT_TRUE(child.has_goodbye);
  EXPECT_EQ(child.goodbye.reason, child_goodbye_reason);
}

TEST(SamplerE2E, ForkedChildOpensItsOwnConnection) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "fork"}, "hz=1000");
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.stdout_text, "child status 4\n");
  expectForkedChild(run, 0);
}

TEST(SamplerE2E, UnderscoreExitStillDeliversSamples) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "fork_exit"}, "hz=1000");
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.stdout_text, "child status 5\n");
  expectForkedChild(run, 1);
}

TEST(SamplerE2E, ExecJoinsWithTheSamePid) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "exec"}, "hz=1000");
  EXPECT_EQ(run.exit_status, 7);
  EXPECT_EQ(run.stdout_text, "spin done\n");
  ASSERT_EQ(run.connections.size(), 2u);
  expectWellFormed(run.connections[0]);
  expectWellFormed(run.connections[1]);
  EXPECT_EQ(run.connections[0].hello.pid, run.connections[1].hello.pid);
  EXPECT_EQ(run.connections[0].goodbye.reason, 2);
  EXPECT_GT(run.connections[0].samples.size(), 30u);
  EXPECT_GT(run.connections[1].samples.size(), 30u);
}

TEST(SamplerE2E, ProgramsOwnSigprofTimerKeepsWorking) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "sigprof"}, "hz=1000");
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.stdout_text, "sigprof received\n");
  ASSERT_EQ(run.connections.size(), 1u);
  expectWellFormed(run.connections[0]);
  EXPECT_GT(run.connections[0].samples.size(), 60u);
}

TEST(SamplerE2E, DlopenDlcloseLoop) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "dlopen", kPlugin, "100"}, "hz=4000");
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.stdout_text, "dlopen done\n");
  ASSERT_EQ(run.connections.size(), 1u);
  const Connection& c = run.connections[0];
  expectWellFormed(c);
  const size_t plugin_modules = std::count_if(c.modules.begin(), c.modules.end(), [](const DecodedModule& m) {
    return m.path.find("sampler_test_plugin") != std::string::npos;
  });
  EXPECT_GE(plugin_modules, 1u);
}

TEST(SamplerE2E, DeepRecursionUnwindsFully) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "deep", "0.3"}, "hz=1000");
  EXPECT_EQ(run.exit_status, 0);
  ASSERT_EQ(run.connections.size(), 1u);
  const Connection& c = run.connections[0];
  expectWellFormed(c);
  size_t deep = 0;
  for (const DecodedSample& s : c.samples) deep += s.pcs.size() > 70 ? 1 : 0;
  EXPECT_GT(deep, c.samples.size() / 2);
}

TEST(SamplerE2E, WallModeSamplesIdleThreads) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "sleep"}, "hz=200;mode=wall");
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.stdout_text, "sleep done\n");
  ASSERT_EQ(run.connections.size(), 1u);
  const Connection& parent = run.connections[0];
  expectWellFormed(parent);
  EXPECT_EQ(parent.hello.mode, wire::Mode::kWall);
  EXPECT_TRUE(parent.hello.clock == wire::ClockKind::kPerfTaskClock ||
              parent.hello.clock == wire::ClockKind::kPosixCpuTimer);  // running threads: CPU clocks
  // The program spins, then sleeps 300 ms (uninterrupted, see stdout above): running samples
  // and idle samples whose weights cover at least the sleep (60 periods at 200 Hz; more when
  // the machine is loaded, never less).
  uint64_t idle_weight = 0;
  size_t idle = 0;
  for (const DecodedSample& s : parent.samples) {
    if ((s.header.flags & wire::kSampleIdle) == 0) continue;
    ++idle;
    idle_weight += s.header.weight;
  }
  EXPECT_GT(idle, 0u);
  EXPECT_LT(idle, parent.samples.size());
  EXPECT_GE(idle_weight, 50u);
}

TEST(SamplerE2E, NoConfigMeansNoConnection) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "spin", "0.05"}, "hz=abc");
  EXPECT_EQ(run.exit_status, 7);
  EXPECT_EQ(run.stdout_text, "spin done\n");
  EXPECT_TRUE(run.connections.empty());
}

}  // namespace
}  // namespace pprof::sampler::test

namespace pprof::sampler::test {
namespace {

// The CFA of the spinning frame points into an unreadable page: libunwind's own read
// validation stops there (the fault guard is the second line), the program never notices, and
// the stacks end early (the collector counts them as truncated: integration.stress_test).
TEST(SamplerFaultGuard, CorruptStackNeverCrashesTheProgram) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "corrupt"}, "hz=4000");
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.stdout_text, "corrupt done\n");
  ASSERT_EQ(run.connections.size(), 1u);
  const auto& samples = run.connections[0].samples;
  ASSERT_GT(samples.size(), 10u);
  // Nearly all the time is spent in the spinning frame; a few samples land in its caller's
  // loop or in mmap and have whole stacks.
  const size_t short_stacks = std::count_if(samples.begin(), samples.end(),
                                            [](const DecodedSample& s) { return s.header.nframes <= 2; });
  EXPECT_GT(short_stacks, samples.size() * 8 / 10) << "unwound past a frame whose CFA is unreadable?";
}

TEST(SamplerFaultGuard, ProgramsOwnSegvHandlerStillGetsItsFaults) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "own_segv"}, "hz=1000");
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.stdout_text, "caught segv\n");
}

TEST(SamplerFaultGuard, UnhandledSegvStillKillsWithSigsegv) {
  RunResult run = runWithSampler(kSampler, {kWorkload, "segv"}, "hz=1000");
  EXPECT_EQ(run.exit_status, 128 + SIGSEGV);
}

}  // namespace
}  // namespace pprof::sampler::test

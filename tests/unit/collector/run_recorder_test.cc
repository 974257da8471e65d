#include "collector/run_recorder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "memory_writer.h"
#include "feed_recorder.h"
#include "wire_builder.h"

namespace pprof::collector {
namespace {

using namespace testing;

constexpr uint64_t kStart = 1'000'000;  // the run's CLOCK_MONOTONIC start in these tests

class RecorderTest : public ::testing::Test {
 protected:
  RecorderTest() : recorder(writer, RecorderConfig{kStart, 42, 1000, "cpu", {"app", "x"}}) {
    EXPECT_TRUE(recorder.start());
  }

  Status feed(uint32_t connection, const Bytes& bytes) { return feedRecorder(recorder, connection, bytes); }

  void finishAndCheck() {
    ASSERT_TRUE(recorder.finish(kStart + 5'000'000'000));
    Status valid = checkValid(writer.profile);
    EXPECT_TRUE(valid) << valid.message();
  }

  MemoryWriter writer;
  RunRecorder recorder;
};

TEST_F(RecorderTest, MapsPcsToModulesAndDeduplicates) {
  uint32_t c = recorder.openConnection();
  ASSERT_TRUE(feed(c, concat({hello(100, 1, "/bin/app", std::string("app\0x\0", 6), kStart + 10),
                              module("/bin/app", 0x400000, 0x500000, 0x400000, {0x12, 0xef}),
                              module("/lib/libc.so", 0x7f0000, 0x7f9000, 0x7e0000)})));
  ASSERT_TRUE(feed(c, samples(100, {{kStart + 20, {0x401000, 0x7f1005, 0x402000}},
                                    {kStart + 30, {0x401000, 0x7f1005, 0x402000}},
                                    {kStart + 40, {0x7f1004}, wire::kSampleTruncated, 2},
                                    {kStart + 50, {0x900000}, wire::kSampleUnwindFailed}})));
  recorder.closeConnection(c, kStart + 100, false);
  finishAndCheck();

  const Profile& p = writer.profile;
  ASSERT_EQ(p.processes.size(), 1u);
  EXPECT_EQ(p.processes[0].pid, 100);
  EXPECT_EQ(p.processes[0].command, (std::vector<std::string>{"app", "x"}));
  EXPECT_EQ(p.processes[0].start_ns, 10u);
  EXPECT_EQ(p.processes[0].end_ns, 100u);
  EXPECT_EQ(p.processes[0].parent, kNone);
  ASSERT_EQ(p.modules.size(), 2u);
  EXPECT_EQ(p.modules[0].build_id, "12ef");
  // Leaf: exact PC; callers: return address - 1; all as ELF addresses (minus bias).
  ASSERT_EQ(p.locations.size(), 4u);
  EXPECT_EQ(p.locations[0].module, 0u);
  EXPECT_EQ(p.locations[0].address, 0x1000u);
  EXPECT_EQ(p.locations[1].module, 1u);
  EXPECT_EQ(p.locations[1].address, 0x11004u);
  EXPECT_EQ(p.locations[2].address, 0x1fffu);
  // 0x7f1004 as a leaf is the same ELF address as 0x7f1005 as a caller (both mean the call).
  EXPECT_EQ(p.stacks.size(), 3u);
  EXPECT_EQ(p.stacks[1].locations, std::vector<uint32_t>{1});
  EXPECT_EQ(p.locations[3].module, kNone);
  EXPECT_EQ(p.locations[3].address, 0x900000u);
  ASSERT_EQ(p.samples.size(), 4u);
  EXPECT_EQ(p.samples[0].stack, p.samples[1].stack);
  EXPECT_EQ(p.samples[1].timestamp_ns, 30u);
  EXPECT_EQ(p.samples[2].weight, 2u);
  EXPECT_EQ(p.meta.truncated_stacks, 2u);
  EXPECT_EQ(p.meta.clock, "perf-task-clock");
  EXPECT_EQ(p.meta.duration_ns, 5'000'000'000u);
  EXPECT_EQ(p.meta.period_ns, 1'000'000u);
  EXPECT_EQ(p.meta.command, (std::vector<std::string>{"app", "x"}));
  ASSERT_EQ(p.threads.size(), 1u);
  EXPECT_EQ(p.threads[0].start_ns, 20u);
  EXPECT_EQ(p.threads[0].end_ns, 100u);
  EXPECT_EQ(recorder.counts().weight, 5u);
}

TEST_F(RecorderTest, ThreadLifecycle) {
  uint32_t c = recorder.openConnection();
  ASSERT_TRUE(feed(c, concat({hello(7, 1, "/a", "a"), thread(7, wire::ThreadEvent::kSeen, kStart + 1, "main"),
                              thread(8, wire::ThreadEvent::kSeen, kStart + 2, "pool-0"),
                              thread(8, wire::ThreadEvent::kRenamed, kStart + 3, "io"),
                              samples(8, {{kStart + 4, {1}}}), samples(9, {{kStart + 5, {1}}}),
                              thread(8, wire::ThreadEvent::kExited, kStart + 6, "io")})));
  recorder.closeConnection(c, kStart + 10, false);
  finishAndCheck();
  const auto& t = writer.profile.threads;
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].name, "main");
  EXPECT_EQ(t[1].name, "io");
  EXPECT_EQ(t[1].start_ns, 2u);
  EXPECT_EQ(t[1].end_ns, 6u);
  EXPECT_EQ(t[2].tid, 9);  // known only from its samples
  EXPECT_EQ(t[2].name, "");
  EXPECT_EQ(t[2].end_ns, 10u);
  EXPECT_EQ(writer.profile.samples[0].thread, 1u);
  EXPECT_EQ(writer.profile.samples[1].thread, 2u);
}

TEST_F(RecorderTest, ExecChainAndForkedChildren) {
  uint32_t first = recorder.openConnection();
  ASSERT_TRUE(feed(first, concat({hello(50, 1, "/bin/sh", "sh", kStart + 1), goodbye(2)})));
  uint32_t exec = recorder.openConnection();  // its hello may come before the old EOF
  ASSERT_TRUE(feed(exec, hello(50, 1, "/bin/app", "app", kStart + 5)));
  recorder.closeConnection(first, kStart + 6, false);
  uint32_t child = recorder.openConnection();
  ASSERT_TRUE(feed(child, concat({hello(51, 50, "/bin/app", "app", kStart + 7), goodbye(1)})));
  recorder.closeConnection(child, kStart + 8, false);
  uint32_t reused_pid = recorder.openConnection();  // pid 51 again, but the old one _exit'ed
  ASSERT_TRUE(feed(reused_pid, hello(51, 50, "/bin/other", "other", kStart + 9)));
  recorder.closeConnection(reused_pid, kStart + 10, false);
  recorder.closeConnection(exec, kStart + 11, false);
  finishAndCheck();

  const auto& p = writer.profile.processes;
  ASSERT_EQ(p.size(), 4u);
  EXPECT_TRUE(p[0].exec_replaced);
  EXPECT_EQ(p[0].end_ns, 5u);  // ends where the new image starts
  EXPECT_EQ(p[1].parent, 0u);
  EXPECT_FALSE(p[1].exec_replaced);
  EXPECT_EQ(p[2].parent, 1u);  // forked by the exec'ed image
  EXPECT_EQ(p[3].parent, 1u);  // not an exec of the earlier pid 51
  EXPECT_FALSE(p[2].exec_replaced);
}

TEST_F(RecorderTest, FailedExecResumesTheSameImage) {
  // dash tries execve on every PATH entry; each failure makes the sampler reconnect.
  uint32_t first = recorder.openConnection();
  ASSERT_TRUE(feed(first, concat({hello(60, 1, "/bin/sh", "sh", kStart + 1), module("/bin/sh", 0x1000, 0x2000, 0),
                                  samples(60, {{kStart + 2, {0x1100}}}), goodbye(2, 1)})));
  uint32_t again = recorder.openConnection();  // hello before the old connection's EOF
  ASSERT_TRUE(feed(again, concat({hello(60, 1, "/bin/sh", "sh", kStart + 1), module("/bin/sh", 0x1000, 0x2000, 0),
                                  samples(60, {{kStart + 3, {0x1100}}}), goodbye(2, 1)})));
  recorder.closeConnection(first, kStart + 4, false);
  recorder.closeConnection(again, kStart + 5, false);
  uint32_t third = recorder.openConnection();  // after both closed
  ASSERT_TRUE(feed(third, concat({hello(60, 1, "/bin/sh", "sh", kStart + 1), samples(60, {{kStart + 6, {0x1100}}})})));
  recorder.closeConnection(third, kStart + 7, false);
  finishAndCheck();
  const Profile& p = writer.profile;
  ASSERT_EQ(p.processes.size(), 1u);
  EXPECT_FALSE(p.processes[0].exec_replaced);
  EXPECT_EQ(p.processes[0].end_ns, 7u);
  EXPECT_EQ(p.threads.size(), 1u);
  EXPECT_EQ(p.threads[0].end_ns, 7u);
  EXPECT_EQ(p.modules.size(), 1u);
  EXPECT_EQ(p.locations.size(), 1u);
  EXPECT_EQ(p.samples.size(), 3u);
  EXPECT_EQ(p.meta.lost_samples, 1u);  // the goodbye total is cumulative, not per connection
}

TEST_F(RecorderTest, LateSamplesAfterUnloadAndReusedRanges) {
  uint32_t c = recorder.openConnection();
  ASSERT_TRUE(feed(c, concat({hello(1, 0, "/a", "a"), module("/lib/plugin1.so", 0x1000, 0x2000, 0x1000),
                              moduleUnload(0x1000, 0x2000, 0x1000),
                              samples(1, {{kStart, {0x1100}}}),  // taken before the dlclose
                              module("/lib/plugin2.so", 0x1000, 0x3000, 0x800),
                              samples(1, {{kStart, {0x1100}}})})));
  recorder.closeConnection(c, kStart + 1, false);
  finishAndCheck();
  const auto& loc = writer.profile.locations;
  ASSERT_EQ(loc.size(), 2u);
  EXPECT_EQ(loc[0].module, 0u);
  EXPECT_EQ(loc[0].address, 0x100u);
  EXPECT_EQ(loc[1].module, 1u);
  EXPECT_EQ(loc[1].address, 0x900u);
}

TEST_F(RecorderTest, RepeatedModuleAnnouncementKeepsOneModule) {
  uint32_t c = recorder.openConnection();
  ASSERT_TRUE(feed(c, concat({hello(1, 0, "/a", "a"), module("/a", 0x1000, 0x2000, 0),
                              module("/a", 0x1000, 0x2000, 0)})));
  EXPECT_EQ(writer.profile.modules.size(), 1u);
}

TEST_F(RecorderTest, ModulesArePerProcessImage) {
  uint32_t parent = recorder.openConnection();
  uint32_t child = recorder.openConnection();
  ASSERT_TRUE(feed(parent, concat({hello(1, 0, "/a", "a"), module("/a", 0x1000, 0x2000, 0)})));
  ASSERT_TRUE(feed(child, concat({hello(2, 1, "/a", "a"), module("/b", 0x1000, 0x2000, 0)})));
  ASSERT_TRUE(feed(parent, samples(1, {{kStart, {0x1500}}})));
  ASSERT_TRUE(feed(child, samples(2, {{kStart, {0x1500}}})));
  ASSERT_EQ(writer.profile.locations.size(), 2u);
  EXPECT_EQ(writer.profile.locations[0].module, 0u);
  EXPECT_EQ(writer.profile.locations[1].module, 1u);
  EXPECT_EQ(writer.profile.modules[1].process, 1u);
}

TEST_F(RecorderTest, EmptyStackKeepsItsTime) {
  uint32_t c = recorder.openConnection();
  ASSERT_TRUE(feed(c, concat({hello(1, 0, "/a", "a"), samples(1, {{kStart, {}}})})));
  recorder.closeConnection(c, kStart + 1, false);
  finishAndCheck();
  ASSERT_EQ(writer.profile.samples.size(), 1u);
  EXPECT_EQ(writer.profile.stacks[0].locations.size(), 1u);
  EXPECT_EQ(writer.profile.locations[0].module, kNone);
}

TEST_F(RecorderTest, LostCountsDoNotDoubleCount) {
  uint32_t a = recorder.openConnection();
  uint32_t b = recorder.openConnection();
  ASSERT_TRUE(feed(a, concat({hello(1, 0, "/a", "a"), lost(1, 3), lost(1, 4), goodbye(0, 5)})));
  ASSERT_TRUE(feed(b, concat({hello(2, 1, "/a", "a"), lost(2, 2)})));
  EXPECT_EQ(recorder.counts().lost, 9u);  // max(7, 5) + 2
  ASSERT_TRUE(recorder.flush());
  EXPECT_EQ(writer.profile.meta.lost_samples, 9u);
  EXPECT_EQ(writer.flushes, 1);
}

TEST_F(RecorderTest, MetaListsEveryClockUsed) {
  uint32_t a = recorder.openConnection();
  uint32_t b = recorder.openConnection();
  ASSERT_TRUE(feed(a, hello(1, 0, "/a", "a", 0, wire::ClockKind::kPerfTaskClock)));
  ASSERT_TRUE(feed(b, hello(2, 1, "/a", "a", 0, wire::ClockKind::kPosixCpuTimer)));
  EXPECT_EQ(recorder.meta().clock, "perf-task-clock,posix-cpu-timer");
}

TEST_F(RecorderTest, ProtocolViolationsAreErrors) {
  uint32_t c = recorder.openConnection();
  EXPECT_EQ(feed(c, samples(1, {{kStart, {1}}})).message(), "first record is not a hello");
  uint32_t d = recorder.openConnection();
  ASSERT_TRUE(feed(d, hello(1, 0, "/a", "a")));
  EXPECT_EQ(feed(d, hello(1, 0, "/a", "a")).message(), "second hello on one connection");
  recorder.closeConnection(c, kStart, true);
  recorder.closeConnection(d, kStart, true);
  EXPECT_EQ(recorder.counts().malformed_connections, 2u);
  EXPECT_EQ(recorder.counts().connections, 2u);
  finishAndCheck();
}

TEST_F(RecorderTest, RealWriterRoundTrip) {
  std::string path = ::testing::TempDir() + "/recorder_roundtrip_" + std::to_string(getpid()) + ".prof";
  auto file = ProfWriter::create(path);
  ASSERT_TRUE(file) << file.message();
  RunRecorder real(*file.value(), RecorderConfig{kStart, 42, 500, "wall", {"app"}});
  ASSERT_TRUE(real.start());
  uint32_t c = real.openConnection();
  WireDecoder decoder;
  Bytes bytes = concat({hello(3, 1, "/bin/app", "app", kStart), module("/bin/app", 0x1000, 0x2000, 0),
                        thread(3, wire::ThreadEvent::kSeen, kStart, "main"),
                        samples(3, {{kStart + 1, {0x1100, 0x1201}}, {kStart + 2, {0x1100, 0x1201}}})});
  decoder.append(bytes.data(), bytes.size());
  Record record;
  while (decoder.next(record).value()) ASSERT_TRUE(real.onRecord(c, record));
  ASSERT_TRUE(real.flush());
  real.closeConnection(c, kStart + 3, false);
  ASSERT_TRUE(real.finish(kStart + 4));
  auto profile = readProfFile(path);
  unlink(path.c_str());
  ASSERT_TRUE(profile) << profile.message();
  EXPECT_TRUE(profile.value().meta.complete);
  EXPECT_EQ(profile.value().meta.mode, "wall");
  EXPECT_EQ(profile.value().samples.size(), 2u);
  EXPECT_EQ(profile.value().stacks.size(), 1u);
  EXPECT_EQ(profile.value().threads.at(0).name, "main");
  EXPECT_EQ(profile.value().locations.at(1).address, 0x1200u);
  Status valid = checkValid(profile.value());
  EXPECT_TRUE(valid) << valid.message();
}

}  // namespace
}  // namespace pprof::collector

namespace pprof::collector {
namespace {

// Stacks whose outermost frame turns out (after symbolization) to be an ordinary function were
// cut short by the unwinder: their samples join the truncated count; complete stacks, stacks
// ending in an unsymbolized frame, and samples already flagged are not counted again.
TEST_F(RecorderTest, StacksCutShortAreCountedAsTruncatedAfterSymbolization) {
  uint32_t c = recorder.openConnection();
  ASSERT_TRUE(feed(c, concat({hello(100, 1, "/bin/app", std::string("app\0", 4), kStart + 10),
                              module("/bin/app", 0x400000, 0x500000, 0x400000)})));
  ASSERT_TRUE(feed(c, samples(100, {{kStart + 20, {0x401000, 0x402000}},   // ends in "_start"
                                    {kStart + 30, {0x401000, 0x403000}},   // ends in "work"
                                    {kStart + 40, {0x401000, 0x403000}},
                                    {kStart + 50, {0x401000, 0x404000}},   // ends unsymbolized
                                    {kStart + 60, {0x401000, 0x403000}, wire::kSampleTruncated}})));
  recorder.closeConnection(c, kStart + 100, false);
  const std::vector<Location>& locations = recorder.locations();
  std::vector<StackEnd> ends(locations.size(), StackEnd::kUnknown);
  for (size_t id = 0; id < locations.size(); ++id) {
    // Callers' addresses are stored as return address - 1 (run_recorder.h).
    if (locations[id].address == 0x2000 - 1) ends[id] = StackEnd::kThreadEntry;
    if (locations[id].address == 0x3000 - 1) ends[id] = StackEnd::kCut;
  }
  EXPECT_EQ(recorder.countCutStacks(ends), 2u);
  EXPECT_EQ(recorder.counts().truncated, 3u);  // the flagged one plus the two cut ones
  finishAndCheck();
  EXPECT_EQ(writer.profile.meta.truncated_stacks, 3u);
}

}  // namespace
}  // namespace pprof::collector

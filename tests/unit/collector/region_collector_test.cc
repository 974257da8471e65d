// The collector's side of the profiler API: the Region wire record, the recorder's pairing of
// region begin/end per thread, pprof-run's regions-only switch, and pprof-collect's arguments.
#include <gtest/gtest.h>

#include "collector/collect_session.h"
#include "collector/launcher.h"
#include "collector/run_recorder.h"
#include "memory_writer.h"
#include "feed_recorder.h"
#include "wire_builder.h"

namespace pprof::collector {
namespace {

using namespace testing;

constexpr uint64_t kStart = 1'000'000;

Bytes region(int32_t tid, wire::RegionEvent event, uint64_t ts, const std::string& name = "") {
  auto r = fixed<wire::Region>(wire::RecordType::kRegion);
  r.tid = tid;
  r.event = event;
  r.timestamp_ns = ts;
  r.name_len = static_cast<uint32_t>(name.size());
  Bytes out;
  put(out, r);
  putString(out, name);
  patchSize(out, 0);
  return out;
}
Bytes begin(int32_t tid, uint64_t ts, const std::string& name) { return region(tid, wire::RegionEvent::kBegin, ts, name); }
Bytes end(int32_t tid, uint64_t ts) { return region(tid, wire::RegionEvent::kEnd, ts); }

TEST(RegionWire, DecodesBeginWithNameAndEnd) {
  Bytes bytes = begin(7, 100, "load");
  auto b = decodeRecord(bytes.data(), bytes.size());
  ASSERT_TRUE(b.isOk()) << b.message();
  const auto& r = std::get<RegionRecord>(b.value());
  EXPECT_EQ(r.fixed.tid, 7);
  EXPECT_EQ(r.fixed.event, wire::RegionEvent::kBegin);
  EXPECT_EQ(r.fixed.timestamp_ns, 100u);
  EXPECT_EQ(r.name, "load");
  Bytes e = end(7, 200);
  auto decoded = decodeRecord(e.data(), e.size());
  ASSERT_TRUE(decoded.isOk());
  EXPECT_EQ(std::get<RegionRecord>(decoded.value()).name, "");
}

TEST(RegionWire, RejectsMalformedRegions) {
  Bytes bad_event = begin(1, 1, "x");
  bad_event[offsetof(wire::Region, event)] = 9;
  EXPECT_EQ(decodeRecord(bad_event.data(), bad_event.size()).message(), "region: unknown event 9");
  Bytes long_name = begin(1, 1, std::string(wire::kMaxRegionName + 1, 'a'));
  EXPECT_EQ(decodeRecord(long_name.data(), long_name.size()).message(), "region: name too long");
  Bytes short_name = begin(1, 1, "abc");
  short_name.pop_back();
  patchSize(short_name, 0);
  EXPECT_EQ(decodeRecord(short_name.data(), short_name.size()).message(),
            "region record size " + std::to_string(short_name.size()) + " does not match its contents (" +
                std::to_string(short_name.size() + 1) + ")");
  Bytes truncated = begin(1, 1, "");
  truncated.resize(sizeof(wire::Region) - 4);
  EXPECT_NE(decodeRecord(truncated.data(), truncated.size()).message().find("shorter than its fixed part"),
            std::string::npos);
}

class RegionRecorderTest : public ::testing::Test {
 protected:
  RegionRecorderTest() : recorder(writer, config()) { EXPECT_TRUE(recorder.start()); }
  static RecorderConfig config() {
    RecorderConfig c{kStart, 42, 1000, "cpu", {"app"}};
    c.producer = "pprof-collect 0.1.0";
    c.regions_only = true;
    return c;
  }
  Status feed(uint32_t connection, const Bytes& bytes) { return feedRecorder(recorder, connection, bytes); }
  MemoryWriter writer;
  RunRecorder recorder;
};

TEST_F(RegionRecorderTest, PairsNestedRegionsPerThreadAndWritesThemAsTheyEnd) {
  uint32_t c = recorder.openConnection();
  ASSERT_TRUE(feed(c, concat({hello(100, 1, "/bin/app", "app", kStart), begin(100, kStart + 10, "outer"),
                              begin(101, kStart + 15, "worker"), begin(100, kStart + 20, "inner"),
                              end(100, kStart + 30), end(101, kStart + 35), end(100, kStart + 40)})));
  const auto& regions = writer.profile.regions;
  ASSERT_EQ(regions.size(), 3u);
  EXPECT_EQ(regions[0].name, "inner");
  EXPECT_EQ(regions[0].start_ns, 20u);
  EXPECT_EQ(regions[0].end_ns, 30u);
  EXPECT_EQ(regions[1].name, "worker");
  EXPECT_EQ(writer.profile.threads[regions[1].thread].tid, 101);
  EXPECT_EQ(regions[2].name, "outer");
  EXPECT_EQ(regions[2].start_ns, 10u);
  EXPECT_EQ(regions[2].end_ns, 40u);
  EXPECT_EQ(recorder.counts().regions, 3u);
  recorder.closeConnection(c, kStart + 50, false);
  ASSERT_TRUE(recorder.finish(kStart + 60));
  EXPECT_TRUE(checkValid(writer.profile).isOk()) << checkValid(writer.profile).message();
  EXPECT_TRUE(writer.profile.meta.regions_only);
  EXPECT_EQ(writer.profile.meta.producer, "pprof-collect 0.1.0");
}

TEST_F(RegionRecorderTest, UnmatchedEndIsIgnoredAndOpenRegionsEndWithTheProcess) {
  uint32_t c = recorder.openConnection();
  ASSERT_TRUE(feed(c, concat({hello(100, 1, "/bin/app", "app", kStart), end(100, kStart + 5),
                              begin(100, kStart + 10, "a"), begin(100, kStart + 12, "b"),
                              begin(102, kStart + 14, "c")})));
  EXPECT_TRUE(writer.profile.regions.empty());
  recorder.closeConnection(c, kStart + 90, false);
  const auto& regions = writer.profile.regions;
  ASSERT_EQ(regions.size(), 3u);
  // Innermost first, threads in tid order; all end when the process did.
  EXPECT_EQ(regions[0].name, "b");
  EXPECT_EQ(regions[1].name, "a");
  EXPECT_EQ(regions[2].name, "c");
  for (const Region& r : regions) EXPECT_EQ(r.end_ns, 90u);
  ASSERT_TRUE(recorder.finish(kStart + 100));
  EXPECT_TRUE(checkValid(writer.profile).isOk());
}

TEST_F(RegionRecorderTest, EndBeforeBeginOnAnotherClockIsClampedNotNegative) {
  uint32_t c = recorder.openConnection();
  ASSERT_TRUE(feed(c, concat({hello(100, 1, "/bin/app", "app", kStart), begin(100, kStart + 50, "a"),
                              end(100, kStart + 40)})));
  ASSERT_EQ(writer.profile.regions.size(), 1u);
  EXPECT_EQ(writer.profile.regions[0].start_ns, 50u);
  EXPECT_EQ(writer.profile.regions[0].end_ns, 50u);
}

TEST(RegionsOnly, FromTheEnvironmentIntoTheSamplerConfig) {
  EXPECT_FALSE(regionsOnlyRequested(nullptr));
  EXPECT_FALSE(regionsOnlyRequested(""));
  EXPECT_FALSE(regionsOnlyRequested("0"));
  EXPECT_TRUE(regionsOnlyRequested("1"));
  EXPECT_TRUE(regionsOnlyRequested("yes"));
  EXPECT_EQ(samplerConfig("s", 1000, "cpu", false), "socket=s;hz=1000;mode=cpu");
  EXPECT_EQ(samplerConfig("s", 250, "wall", true), "socket=s;hz=250;mode=wall;regions_only=1");
  EXPECT_EQ(samplerConfig("s", 1000, "cpu", false, false), "socket=s;hz=1000;mode=cpu;python=0");
}

TEST(CollectArgs, ParsesWhatThePprofStartPasses) {
  auto o = parseCollectArgs({"--listen-fd", "3", "--status-fd", "4", "--owner-pid", "77", "-o", "x.prof",
                             "--hz", "4000", "--mode", "wall", "--regions-only"});
  ASSERT_TRUE(o.isOk()) << o.message();
  EXPECT_EQ(o.value().listen_fd, 3);
  EXPECT_EQ(o.value().status_fd, 4);
  EXPECT_EQ(o.value().owner, 77);
  EXPECT_EQ(o.value().output, "x.prof");
  EXPECT_EQ(o.value().frequency_hz, 4000u);
  EXPECT_EQ(o.value().mode, "wall");
  EXPECT_TRUE(o.value().regions_only);
}

TEST(CollectArgs, ErrorsAreOneLine) {
  const std::vector<std::string> base = {"--listen-fd", "3", "--status-fd", "4", "--owner-pid", "77", "-o", "x"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return parseCollectArgs(args).message();
  };
  EXPECT_EQ(with({"--hz", "0"}), "--hz: bad value '0'");
  EXPECT_EQ(with({"--mode", "gpu"}), "--mode: bad value 'gpu'");
  EXPECT_EQ(with({"--bogus", "1"}), "unknown option '--bogus'");
  EXPECT_EQ(with({"stray"}), "unexpected argument 'stray'");
  EXPECT_EQ(with({"--hz"}), "--hz: missing value");
  EXPECT_EQ(parseCollectArgs({"-o", "x"}).message(), "--listen-fd, --status-fd, --owner-pid and -o are required");
}

}  // namespace
}  // namespace pprof::collector

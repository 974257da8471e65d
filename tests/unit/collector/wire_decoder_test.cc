#include "collector/wire_decoder.h"

#include <gtest/gtest.h>

#include "wire_builder.h"

namespace pprof::collector {
namespace {

using namespace testing;

Bytes sampleStream() {
  return concat({hello(10, 1, "/bin/app", std::string("app\0-x\0", 7), 5),
                 module("/bin/app", 0x1000, 0x5000, 0x0, {0xab, 0xcd}),
                 samples(11, {{100, {0x1100, 0x1200}}, {200, {0x1300}, wire::kSampleTruncated, 3}}),
                 thread(11, wire::ThreadEvent::kRenamed, 150, "worker"),
                 moduleUnload(0x1000, 0x5000, 0), lost(11, 4), goodbye(0, 4)});
}

std::vector<Record> decodeInChunks(const Bytes& bytes, size_t chunk) {
  WireDecoder decoder;
  std::vector<Record> records;
  for (size_t i = 0; i < bytes.size(); i += chunk) {
    decoder.append(bytes.data() + i, std::min(chunk, bytes.size() - i));
    Record r;
    for (;;) {
      auto got = decoder.next(r);
      EXPECT_TRUE(got) << got.message();
      if (!got || !got.value()) break;
      records.push_back(r);
    }
  }
  EXPECT_EQ(decoder.pendingBytes(), 0u);
  return records;
}

TEST(WireDecoder, DecodesEveryRecordTypeWhateverTheFragmentation) {
  Bytes stream = sampleStream();
  for (size_t chunk : {size_t{1}, size_t{3}, size_t{7}, size_t{64}, stream.size()}) {
    SCOPED_TRACE(chunk);
    auto records = decodeInChunks(stream, chunk);
    ASSERT_EQ(records.size(), 7u);
    const auto& h = std::get<HelloRecord>(records[0]);
    EXPECT_EQ(h.fixed.pid, 10);
    EXPECT_EQ(h.exe_path, "/bin/app");
    EXPECT_EQ(h.command, (std::vector<std::string>{"app", "-x"}));
    const auto& m = std::get<ModuleRecord>(records[1]);
    EXPECT_EQ(m.path, "/bin/app");
    EXPECT_EQ(m.fixed.build_id_len, 2);
    const auto& s = std::get<SamplesRecord>(records[2]);
    EXPECT_EQ(s.tid, 11);
    ASSERT_EQ(s.samples.size(), 2u);
    EXPECT_EQ(s.samples[1].weight, 3u);
    EXPECT_EQ(s.samples[1].flags, wire::kSampleTruncated);
    EXPECT_EQ(s.pcs, (std::vector<uint64_t>{0x1100, 0x1200, 0x1300}));
    EXPECT_EQ(s.samples[1].first_pc, 2u);
    EXPECT_EQ(std::string(std::get<wire::Thread>(records[3]).name), "worker");
    EXPECT_EQ(std::get<wire::Lost>(records[5]).count, 4u);
    EXPECT_EQ(std::get<wire::Goodbye>(records[6]).samples_lost, 4u);
  }
}

TEST(WireDecoder, IncompleteRecordWaitsForMoreBytes) {
  Bytes stream = sampleStream();
  WireDecoder decoder;
  decoder.append(stream.data(), 10);
  Record r;
  auto got = decoder.next(r);
  ASSERT_TRUE(got);
  EXPECT_FALSE(got.value());
  EXPECT_EQ(decoder.pendingBytes(), 10u);
}

Status decodeError(Bytes bytes) {
  WireDecoder decoder;
  decoder.append(bytes.data(), bytes.size());
  return decoder.forEachRecord([](const Record&) { return Status::ok(); });
}

void setSize(Bytes& b, uint32_t size) { std::memcpy(b.data() + 4, &size, 4); }

TEST(WireDecoder, RejectsMalformedRecords) {
  Bytes unknown = lost(1, 1);
  unknown[0] = 77;
  EXPECT_EQ(decodeError(unknown).message(), "record type 77 at offset 0: unknown record type 77");

  Bytes tiny = lost(1, 1);
  setSize(tiny, 3);
  EXPECT_EQ(decodeError(tiny).message(), "record type 6 at offset 0: bad size 3");

  Bytes huge = lost(1, 1);
  setSize(huge, 0xffffffffu);
  EXPECT_FALSE(decodeError(huge));

  Bytes long_lost = concat({lost(1, 1), Bytes(8, 0)});
  setSize(long_lost, static_cast<uint32_t>(long_lost.size()));
  EXPECT_NE(decodeError(long_lost).message().find("lost record size"), std::string::npos);

  Bytes bad_version = hello(1, 0, "x", "x");
  bad_version[8] = 99;
  EXPECT_NE(decodeError(bad_version).message().find("protocol version 99"), std::string::npos);

  Bytes bad_path_len = module("/lib/x.so", 0, 10, 0);
  uint32_t path_len = 1000;
  std::memcpy(bad_path_len.data() + offsetof(wire::Module, path_len), &path_len, 4);
  EXPECT_NE(decodeError(bad_path_len).message().find("does not match"), std::string::npos);

  Bytes frames_past_end = samples(1, {{1, {1, 2, 3}}});
  uint16_t nframes = 200;
  std::memcpy(frames_past_end.data() + sizeof(wire::Samples) + offsetof(wire::SampleHeader, nframes),
              &nframes, 2);
  EXPECT_NE(decodeError(frames_past_end).message().find("run past the record"), std::string::npos);

  Bytes count_too_big = samples(1, {{1, {1}}});
  uint32_t count = 5;
  std::memcpy(count_too_big.data() + offsetof(wire::Samples, count), &count, 4);
  EXPECT_FALSE(decodeError(count_too_big));
}

TEST(WireDecoder, StaysFailedAfterAnError) {
  Bytes bad = lost(1, 1);
  bad[0] = 77;
  Bytes stream = concat({lost(1, 1), bad, lost(1, 2)});
  WireDecoder decoder;
  decoder.append(stream.data(), stream.size());
  Record r;
  EXPECT_TRUE(decoder.next(r).value());
  EXPECT_NE(decoder.next(r).message().find("at offset 24"), std::string::npos);
  EXPECT_FALSE(decoder.next(r));
}

TEST(WireDecoder, GarbageNeverCrashes) {
  // Deterministic pseudo-random garbage, alone and after a valid prefix.
  uint64_t state = 12345;
  for (int round = 0; round < 200; ++round) {
    Bytes bytes = round % 2 ? sampleStream() : Bytes();
    for (int i = 0; i < 300; ++i) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      bytes.push_back(static_cast<uint8_t>(state >> 56));
    }
    WireDecoder decoder;
    decoder.append(bytes.data(), bytes.size());
    Record r;
    for (int i = 0; i < 100; ++i) {
      auto got = decoder.next(r);
      if (!got || !got.value()) break;
    }
  }
}

}  // namespace
}  // namespace pprof::collector

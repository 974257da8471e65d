#include "ring.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace pprof::sampler {
namespace {

struct RingFixture {
  explicit RingFixture(uint64_t words) : storage(words) { ring.init(storage.data(), words); }
  std::vector<uint64_t> storage;
  SampleRing ring;
};

wire::SampleHeader makeHeader(uint64_t ts, uint16_t nframes) {
  wire::SampleHeader h{};
  h.timestamp_ns = ts;
  h.weight = 1;
  h.nframes = nframes;
  return h;
}

TEST(SampleRing, PushPeekConsumeRoundTrip) {
  RingFixture f(64);
  const uint64_t pcs[3] = {10, 20, 30};
  ASSERT_TRUE(f.ring.push(makeHeader(5, 3), pcs));
  EXPECT_EQ(f.ring.readableWords(), 5u);
  wire::SampleHeader h;
  uint64_t out[wire::kMaxFrames];
  EXPECT_EQ(f.ring.peek(0, &h, out), 5u);
  EXPECT_EQ(h.timestamp_ns, 5u);
  EXPECT_EQ(h.nframes, 3);
  EXPECT_EQ(out[2], 30u);
  f.ring.consume(5);
  EXPECT_EQ(f.ring.readableWords(), 0u);
}

TEST(SampleRing, RefusesWhenFullAndWrapsAround) {
  RingFixture f(16);
  const uint64_t pcs[4] = {1, 2, 3, 4};
  ASSERT_TRUE(f.ring.push(makeHeader(1, 4), pcs));  // 6 words
  ASSERT_TRUE(f.ring.push(makeHeader(2, 4), pcs));  // 12 words
  EXPECT_FALSE(f.ring.push(makeHeader(3, 4), pcs));
  wire::SampleHeader h;
  uint64_t out[wire::kMaxFrames];
  f.ring.consume(f.ring.peek(0, &h, out));
  // The next record straddles the end of the storage.
  const uint64_t wrap[4] = {7, 8, 9, 10};
  ASSERT_TRUE(f.ring.push(makeHeader(3, 4), wrap));
  f.ring.consume(f.ring.peek(0, &h, out));
  EXPECT_EQ(f.ring.peek(0, &h, out), 6u);
  EXPECT_EQ(h.timestamp_ns, 3u);
  EXPECT_EQ(out[0], 7u);
  EXPECT_EQ(out[3], 10u);
}

TEST(SampleRing, ConcurrentProducerConsumerKeepsOrderAndContent) {
  RingFixture f(256);
  constexpr uint64_t kCount = 200000;
  uint64_t refused = 0;
  std::thread producer([&] {
    uint64_t pcs[wire::kMaxFrames];
    for (uint64_t i = 0; i < kCount; ++i) {
      const uint16_t n = static_cast<uint16_t>(i % 9);
      for (uint16_t k = 0; k < n; ++k) pcs[k] = i * 100 + k;
      while (!f.ring.push(makeHeader(i, n), pcs)) ++refused;  // retry: test wants every record
    }
  });
  uint64_t expected = 0;
  uint64_t out[wire::kMaxFrames];
  while (expected < kCount) {
    const uint64_t available = f.ring.readableWords();
    uint64_t offset = 0;
    while (offset < available) {
      wire::SampleHeader h;
      offset += f.ring.peek(offset, &h, out);
      ASSERT_EQ(h.timestamp_ns, expected);
      ASSERT_EQ(h.nframes, expected % 9);
      for (uint16_t k = 0; k < h.nframes; ++k) ASSERT_EQ(out[k], expected * 100 + k);
      ++expected;
    }
    f.ring.consume(offset);
  }
  producer.join();
  EXPECT_EQ(f.ring.readableWords(), 0u);
}

}  // namespace
}  // namespace pprof::sampler

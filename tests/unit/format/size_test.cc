// Compactness is a design goal of out.prof: once stacks repeat, a sample costs a few bytes.
#include <gtest/gtest.h>

#include "format/prof_file.h"
#include "test_profiles.h"

namespace pprof {
namespace {

TEST(Size, RepeatedStacksCostFewBytesPerSample) {
  Profile p = testing::smallProfile();
  p.samples.clear();
  p.stacks.clear();
  for (uint32_t i = 0; i < 10; ++i) p.stacks.push_back({{i % 3, (i + 1) % 3, 0, 1, 2}});
  p.threads.push_back({.process = 0, .tid = 102, .name = "w2", .start_ns = 0, .end_ns = 0});
  p.threads.push_back({.process = 0, .tid = 103, .name = "w3", .start_ns = 0, .end_ns = 0});
  constexpr uint32_t kSamples = 100000;
  // 1 kHz per thread with some jitter, samples arriving in per-thread batches like the wire's.
  uint64_t clock[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < kSamples; ++i) {
    uint32_t thread = (i / 50) % 4;
    clock[thread] += 1000000 + (i * 7919) % 20000;
    p.samples.push_back({.stack = (i * 31) % 10,
                         .thread = thread,
                         .timestamp_ns = clock[thread],
                         .weight = 1,
                         .flags = static_cast<uint16_t>(i % 100 == 0 ? 1 : 0)});
  }
  std::string with_samples = testing::encode(p);
  p.samples.clear();
  std::string without = testing::encode(p);
  double per_sample = double(with_samples.size() - without.size()) / kSamples;
  RecordProperty("bytes_per_sample", std::to_string(per_sample));
  std::printf("out.prof: %.2f bytes per sample\n", per_sample);
  EXPECT_LT(per_sample, 16.0);
}

}  // namespace
}  // namespace pprof

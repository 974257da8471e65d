// A writer killed at any byte, and files damaged anywhere: the reader keeps every complete
// record of a torn file, and never crashes or returns an invalid profile on corrupt input.
#include <gtest/gtest.h>

#include <random>

#include "format/prof_file.h"
#include "test_profiles.h"

namespace pprof {
namespace {

void expectSamePrefix(const Profile& part, const Profile& full) {
  ASSERT_LE(part.samples.size(), full.samples.size());
  for (size_t i = 0; i < part.samples.size(); ++i) {
    EXPECT_EQ(part.samples[i].stack, full.samples[i].stack);
    EXPECT_EQ(part.samples[i].thread, full.samples[i].thread);
    EXPECT_EQ(part.samples[i].timestamp_ns, full.samples[i].timestamp_ns);
    EXPECT_EQ(part.samples[i].weight, full.samples[i].weight);
  }
  EXPECT_LE(part.stacks.size(), full.stacks.size());
  EXPECT_LE(part.locations.size(), full.locations.size());
  EXPECT_LE(part.functions.size(), full.functions.size());
}

void truncateEverywhere(const Profile& profile) {
  std::string bytes = testing::encode(profile);
  Profile full = parseProfFile(bytes, "f").value();
  size_t previous_samples = 0;
  for (size_t length = 0; length <= bytes.size(); ++length) {
    SCOPED_TRACE("length " + std::to_string(length) + " of " + std::to_string(bytes.size()));
    Result<Profile> part = parseProfFile(std::string_view(bytes).substr(0, length), "f");
    ASSERT_TRUE(part.isOk()) << part.message();
    ASSERT_TRUE(checkValid(part.value()).isOk()) << checkValid(part.value()).message();
    EXPECT_EQ(part.value().meta.complete, length == bytes.size());
    EXPECT_GE(part.value().samples.size(), previous_samples);
    previous_samples = part.value().samples.size();
    expectSamePrefix(part.value(), full);
  }
  EXPECT_EQ(previous_samples, profile.samples.size());
}

TEST(Damage, TruncatedAtEveryByteSmall) { truncateEverywhere(testing::smallProfile()); }
TEST(Damage, TruncatedAtEveryByteRich) { truncateEverywhere(testing::richProfile()); }

// Corrupt input must give an error or a profile that passes checkValid; never a crash.
void expectSafe(const std::string& bytes) {
  Result<Profile> r = parseProfFile(bytes, "f");
  if (r.isOk()) {
    EXPECT_TRUE(checkValid(r.value()).isOk()) << checkValid(r.value()).message();
  } else {
    EXPECT_EQ(r.message().rfind("f: ", 0), 0u) << r.message();
  }
}

TEST(Damage, EveryBitFlipped) {
  std::string bytes = testing::encode(testing::richProfile());
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string damaged = bytes;
      damaged[i] = static_cast<char>(damaged[i] ^ (1 << bit));
      expectSafe(damaged);
    }
  }
}

TEST(Damage, EveryByteSetToExtremes) {
  std::string bytes = testing::encode(testing::smallProfile());
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (char value : {'\x00', '\x7f', '\x80', '\xff'}) {
      std::string damaged = bytes;
      damaged[i] = value;
      expectSafe(damaged);
    }
  }
}

TEST(Damage, RandomRecordsAfterAValidHeader) {
  std::string header = testing::encode(Profile{}).substr(0, 12);
  std::mt19937 rng(12345);  // fixed seed: failures reproduce
  for (int round = 0; round < 3000; ++round) {
    std::string bytes = header;
    size_t length = rng() % 200;
    for (size_t i = 0; i < length; ++i)
      bytes.push_back(static_cast<char>(rng() % 16 < 12 ? rng() % 16 : rng()));
    expectSafe(bytes);
  }
}

}  // namespace
}  // namespace pprof

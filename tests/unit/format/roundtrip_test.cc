// write -> read -> the same Profile, through every record kind, update and meta rewrite.
#include <gtest/gtest.h>
#include <unistd.h>

#include "format/prof_file.h"
#include "test_profiles.h"

namespace pprof {
namespace {

TEST(RoundTrip, RichProfileThroughAFile) {
  Profile expected = testing::richProfile();
  std::string path = testing::tempPath("rich.prof");
  ASSERT_TRUE(testing::writeThroughWriter(expected, path).isOk());
  Result<Profile> read = readProfFile(path);
  ASSERT_TRUE(read.isOk()) << read.message();
  EXPECT_TRUE(checkValid(read.value()).isOk()) << checkValid(read.value()).message();
  testing::expectSameDump(read.value(), expected);
  unlink(path.c_str());
}

TEST(RoundTrip, TheRecordingHostAndBootIdTravelInMeta) {
  Profile expected = testing::smallProfile();
  expected.meta.host = "worker-7";
  expected.meta.boot_id = "0b7c5e7e-2d1f-4c0e-9a8b-3f6d2e1c0a99";
  Result<Profile> read = parseProfFile(testing::encode(expected), "f");
  ASSERT_TRUE(read.isOk()) << read.message();
  EXPECT_EQ(read.value().meta.host, "worker-7");
  EXPECT_EQ(read.value().meta.boot_id, expected.meta.boot_id);
  EXPECT_FALSE(read.value().meta.regions_only);
  testing::expectSameDump(read.value(), expected);
  // Without a host, Meta stays as before revision 4 (and reads back without one).
  Result<Profile> plain = parseProfFile(testing::encode(testing::smallProfile()), "f");
  ASSERT_TRUE(plain.isOk());
  EXPECT_EQ(plain.value().meta.host, "");
}

TEST(RoundTrip, UnfinishedFileReadsAsIncomplete) {
  Profile expected = testing::richProfile();
  Result<Profile> read = parseProfFile(testing::encode(expected, /*finish=*/false), "f");
  ASSERT_TRUE(read.isOk()) << read.message();
  EXPECT_FALSE(read.value().meta.complete);
  expected.meta.complete = false;
  testing::expectSameDump(read.value(), expected);
}

TEST(RoundTrip, ManyRecordsAcrossBufferFlushes) {
  Profile expected = testing::smallProfile();
  for (uint32_t i = 0; i < 3000; ++i) {
    expected.functions.push_back({.name = "f" + std::to_string(i),
                                  .system_name = "_Z" + std::to_string(i),
                                  .file = "file" + std::to_string(i % 7) + ".cc",
                                  .start_line = i,
                                  .module = 0});
    expected.locations.push_back({.module = 0, .address = 0x1000 + i, .lines = {{i + 2, i}}});
    expected.stacks.push_back({{i + 3, 0, 1}});
  }
  for (uint32_t i = 0; i < 20000; ++i)
    expected.samples.push_back({.stack = i % 3000,
                                .thread = i % 2,
                                .timestamp_ns = uint64_t{i} * 997,
                                .weight = 1 + i % 3,
                                .flags = static_cast<uint16_t>(i % 5)});
  Result<Profile> read = parseProfFile(testing::encode(expected), "f");
  ASSERT_TRUE(read.isOk()) << read.message();
  testing::expectSameDump(read.value(), expected);
}

TEST(RoundTrip, EmptyProfile) {
  Profile expected;
  expected.meta.complete = true;
  Result<Profile> read = parseProfFile(testing::encode(expected), "f");
  ASSERT_TRUE(read.isOk()) << read.message();
  testing::expectSameDump(read.value(), expected);
}

}  // namespace
}  // namespace pprof

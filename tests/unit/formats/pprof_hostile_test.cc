// Damaged pprof files: every truncation and every single-bit flip of a real export must give a
// valid profile or one error line naming an offset, never a crash (ASan/UBSan build too).
#include <gtest/gtest.h>

#include "formats/gzip.h"
#include "formats/pprof_export.h"
#include "formats/pprof_import.h"
#include "sample_profiles.h"

namespace pprof::formats {
namespace {

std::string rawExport() {
  Result<std::string> bytes = encodePprof(testing::sampleProfile(), {.gzip = false, .timestamps = true});
  EXPECT_TRUE(bytes.isOk());
  return bytes.isOk() ? bytes.value() : std::string();
}

// Returns "" if the outcome is acceptable, else what is wrong with it.
std::string judge(const std::string& bytes) {
  Result<Profile> r = parsePprof(bytes, "h.pb");
  if (r.isOk()) {
    Status valid = checkValid(r.value());
    return valid.isOk() ? "" : "accepted an invalid profile: " + valid.message();
  }
  if (r.message().rfind("h.pb: ", 0) != 0 || r.message().find(" at offset ") == std::string::npos)
    return "badly formed error: " + r.message();
  if (r.message().find('\n') != std::string::npos) return "multi-line error: " + r.message();
  return "";
}

TEST(PprofHostile, EveryTruncation) {
  std::string bytes = rawExport();
  ASSERT_GT(bytes.size(), 500u);
  size_t errors = 0;
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::string problem = judge(bytes.substr(0, n));
    ASSERT_EQ(problem, "") << "truncated to " << n;
    errors += !parsePprof(bytes.substr(0, n), "h.pb").isOk();
  }
  EXPECT_GT(errors, bytes.size() / 2);  // most cuts land inside a field
}

TEST(PprofHostile, EveryBitFlip) {
  std::string bytes = rawExport();
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string damaged = bytes;
      damaged[i] = static_cast<char>(damaged[i] ^ (1 << bit));
      ASSERT_EQ(judge(damaged), "") << "bit " << bit << " of byte " << i;
    }
  }
}

TEST(PprofHostile, GzipDamage) {
  Result<std::string> gz = gzipCompress(rawExport());
  ASSERT_TRUE(gz.isOk());
  const std::string& bytes = gz.value();
  for (size_t n = 0; n < bytes.size(); ++n) {
    Result<Profile> r = parsePprof(bytes.substr(0, n), "h.pb.gz");
    if (n >= 2) {
      EXPECT_FALSE(r.isOk()) << "truncated gzip accepted at " << n;
    }
    if (!r.isOk()) {
      EXPECT_NE(r.message().find(" at offset "), std::string::npos) << r.message();
    }
  }
  for (size_t i = 10; i < bytes.size(); i += 7) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
    EXPECT_EQ(judge(damaged).find("badly formed"), std::string::npos) << i;
  }
}

TEST(PprofHostile, HugeLengthsAndDeepGarbage) {
  // A length varint close to 2^64, a packed field that never ends, and random noise.
  const std::string cases[] = {
      std::string("\x12\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 10),
      std::string("\x12\x05\x0a\x03\xff\xff\xff", 7),
      std::string("\x32\x00\x32\x01", 4),
      std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 11),
  };
  for (const std::string& c : cases) EXPECT_EQ(judge(c), "");
  uint32_t state = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string noise(static_cast<size_t>(round % 200), '\0');
    for (char& c : noise) c = static_cast<char>((state = state * 1103515245 + 12345) >> 16);
    ASSERT_EQ(judge(noise), "") << "round " << round;
  }
}

}  // namespace
}  // namespace pprof::formats

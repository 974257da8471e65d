// Golden dump of a hand-built profile, plus the exact bytes the writer makes for it (so an
// accidental change of the file layout fails here). UPDATE_GOLDEN=1 rewrites both files.
#include <gtest/gtest.h>

#include "format/prof_file.h"
#include "support/golden.h"
#include "test_profiles.h"

namespace pprof {
namespace {

void checkGolden(const std::string& leaf, const std::string& actual) {
  testing::expectGolden(PPROF_FORMAT_GOLDEN_DIR, leaf, actual);
}

std::string hexLines(const std::string& bytes) {
  std::string out;
  static const char kDigits[] = "0123456789abcdef";
  for (size_t i = 0; i < bytes.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
    out += (i % 16 == 15 || i + 1 == bytes.size()) ? '\n' : ' ';
  }
  return out;
}

TEST(DumpGolden, SmallProfileText) { checkGolden("small_profile.txt", dumpText(testing::smallProfile())); }

TEST(DumpGolden, SmallProfileBytes) {
  checkGolden("small_profile.prof.hex", hexLines(testing::encode(testing::smallProfile())));
}

TEST(DumpGolden, IsDeterministic) {
  EXPECT_EQ(dumpText(testing::richProfile()), dumpText(testing::richProfile()));
}

TEST(DumpGolden, OneRecordPerLineWhateverTheStrings) {
  Profile p;
  p.threads.push_back({.process = 0, .tid = 1, .name = "a\nb\"c\\", .start_ns = 0, .end_ns = 0});
  std::string text = dumpText(p);
  EXPECT_NE(text.find("name=\"a\\x0ab\\\"c\\\\\""), std::string::npos) << text;
}

}  // namespace
}  // namespace pprof

// The environment mode's file names (PPROF_OUTPUT patterns) and the directories made for them.
#include "output_pattern.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace pprof::sampler {
namespace {

std::string expand(const char* pattern, std::string* error = nullptr, size_t size = 256) {
  char out[256], why[256] = "";
  const PatternValues values{"node-7", 4242, 1764000000};
  const bool ok = expandOutputPattern(pattern, values, out, size, why, sizeof(why));
  if (error) *error = why;
  return ok ? std::string(out) : std::string("(failed)");
}

TEST(OutputPattern, HostPidStartTimeAndPercent) {
  EXPECT_EQ(expand("prof/%h-%p.prof"), "prof/node-7-4242.prof");
  EXPECT_EQ(expand("%t_%p_%%.prof"), "1764000000_4242_%.prof");
  EXPECT_EQ(expand("plain.prof"), "plain.prof");
}

TEST(OutputPattern, UnknownSequencesEmptyAndOverlongNamesAreRefused) {
  std::string why;
  EXPECT_EQ(expand("x%q.prof", &why), "(failed)");
  EXPECT_NE(why.find("unknown %q"), std::string::npos) << why;
  EXPECT_EQ(expand("x%", &why), "(failed)");
  EXPECT_NE(why.find("at the end"), std::string::npos) << why;
  EXPECT_EQ(expand("", &why), "(failed)");
  EXPECT_EQ(expand("%h%h%h%h", &why, 12), "(failed)");
  EXPECT_NE(why.find("longer than 11 bytes"), std::string::npos) << why;
}

TEST(OutputPattern, ParentDirectoriesAreMadeAndAFileInTheWayIsNamed) {
  char base[] = "/tmp/pprof-pattern-XXXXXX";
  ASSERT_NE(mkdtemp(base), nullptr);
  const std::string dir = base;
  char why[256] = "";
  EXPECT_TRUE(makeParentDirectories((dir + "/a/b/c.prof").c_str(), why, sizeof(why))) << why;
  struct stat st;
  EXPECT_EQ(stat((dir + "/a/b").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_TRUE(makeParentDirectories((dir + "/a/b/d.prof").c_str(), why, sizeof(why))) << "existing: " << why;
  EXPECT_TRUE(makeParentDirectories("here.prof", why, sizeof(why)));
  FILE* f = fopen((dir + "/file").c_str(), "w");
  ASSERT_NE(f, nullptr);
  fclose(f);
  EXPECT_FALSE(makeParentDirectories((dir + "/file/x.prof").c_str(), why, sizeof(why)));
  EXPECT_NE(std::string(why).find(dir + "/file"), std::string::npos) << why;
  EXPECT_EQ(system(("rm -rf " + dir).c_str()), 0);
}

}  // namespace
}  // namespace pprof::sampler

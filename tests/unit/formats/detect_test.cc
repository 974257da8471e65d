// Detection by content and readAnyProfile's dispatch, for every supported input.
#include <gtest/gtest.h>

#include "format/prof_file.h"
#include "formats/collapsed.h"
#include "formats/detect.h"
#include "formats/gzip.h"
#include "formats/pprof_export.h"
#include "sample_profiles.h"

namespace pprof::formats {
namespace {

std::string pprofBytes(bool gzip) {
  Result<std::string> bytes = encodePprof(testing::sampleProfile(), {.gzip = gzip});
  EXPECT_TRUE(bytes.isOk());
  return bytes.isOk() ? bytes.value() : std::string();
}

std::string perfScriptFixture() {
  return testing::readBytes(std::string(PPROF_FORMATS_GOLDEN_DIR) + "/perf_script.txt");
}

TEST(DetectFormat, EachFormat) {
  EXPECT_EQ(detectFormat(pprofBytes(true)), InputFormat::Pprof);
  EXPECT_EQ(detectFormat(pprofBytes(false)), InputFormat::Pprof);
  EXPECT_EQ(detectFormat(pprofBytes(false).substr(0, 5)), InputFormat::Pprof);  // a cut head still counts
  EXPECT_EQ(detectFormat("PPROFRUN\x01"), InputFormat::OutProf);
  EXPECT_EQ(detectFormat(encodeCollapsed(testing::sampleProfile())), InputFormat::Collapsed);
  EXPECT_EQ(detectFormat("# comment\n\nmain;f 12\n"), InputFormat::Collapsed);
  EXPECT_EQ(detectFormat(perfScriptFixture()), InputFormat::PerfScript);
  // What `python3 -m cProfile -o` writes starts like this (marshal dict, "remember" flag set).
  EXPECT_EQ(detectFormat(std::string("\xfb)\x03\xfa\x01~\xe9\x00", 8)), InputFormat::CProfile);
  EXPECT_EQ(detectFormat(std::string("{)\x03", 3)), InputFormat::CProfile);
}

TEST(DetectFormat, UnknownInputs) {
  EXPECT_EQ(detectFormat(""), InputFormat::Unknown);
  EXPECT_EQ(detectFormat("{\"shared\": {}}\n"), InputFormat::Unknown);  // JSON, not marshal
  EXPECT_EQ(detectFormat("hello world\n"), InputFormat::Unknown);
  EXPECT_EQ(detectFormat(std::string("\x00\x01\x02\x03", 4)), InputFormat::Unknown);
  EXPECT_EQ(detectFormat("\x7f" "ELF\x02\x01\x01"), InputFormat::Unknown);
}

TEST(ParseAnyProfile, DispatchesAndValidates) {
  Profile sample = testing::sampleProfile();
  struct Case {
    std::string bytes;
    std::string producer;
  } cases[] = {{pprofBytes(true), "pprof-run 0.1"},
               {pprofBytes(false), "pprof-run 0.1"},
               {encodeCollapsed(sample), "collapsed"},
               {gzipCompress(encodeCollapsed(sample)).value(), "collapsed"},  // gzip'ed text
               {perfScriptFixture(), "perf script"}};
  for (const Case& c : cases) {
    Result<Profile> r = parseAnyProfile(c.bytes, "in");
    ASSERT_TRUE(r.isOk()) << r.message();
    EXPECT_EQ(r.value().meta.producer, c.producer);
    EXPECT_FALSE(r.value().samples.empty());
  }
}

TEST(ReadAnyProfile, OutProfAndErrors) {
  std::string path = testing::tempPath("out.prof");
  {
    Result<std::unique_ptr<ProfWriter>> writer = ProfWriter::create(path);
    ASSERT_TRUE(writer.isOk()) << writer.message();
    ASSERT_TRUE(writer.value()->writeMeta(testing::sampleProfile().meta).isOk());
    ASSERT_TRUE(writer.value()->finish().isOk());
  }
  Result<Profile> prof = readAnyProfile(path);
  ASSERT_TRUE(prof.isOk()) << prof.message();
  EXPECT_EQ(prof.value().meta.producer, "pprof-run 0.1");

  EXPECT_EQ(readAnyProfile("/nonexistent/x.prof").message(), "open /nonexistent/x.prof: No such file or directory");
  EXPECT_NE(readAnyProfile(testing::tempPath("")).message().find("Is a directory"), std::string::npos);
  std::string cprofile = testing::tempPath("c.prof");
  testing::writeBytes(cprofile, std::string("\xfb)\x03\xfa\x01~", 6));
  EXPECT_EQ(readAnyProfile(cprofile).message(), cprofile + ": marshal: truncated object at offset 6");
  std::string junk = testing::tempPath("junk");
  testing::writeBytes(junk, "hello\n");
  EXPECT_NE(readAnyProfile(junk).message().find(junk + ": unknown profile format"), std::string::npos);
  std::string bad = testing::tempPath("bad.txt");
  testing::writeBytes(bad, "main;f 1\nmain;g x\n");
  EXPECT_EQ(readAnyProfile(bad).message(), bad + ":2: count 'x' is not a non-negative integer");
}

}  // namespace
}  // namespace pprof::formats

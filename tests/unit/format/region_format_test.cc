// Regions (type 64, FORMAT.md revision 2) and the Meta flags field: round trip, what a file
// written before them reads as, errors, and the model's checks.
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "format/prof_file.h"
#include "format/record_types.h"
#include "format/varint.h"
#include "support/file_bytes.h"
#include "test_profiles.h"

namespace pprof {
namespace {

namespace pf = prof_format;

// Older version-1 readers skip types from 64 on; that is what keeps files with regions readable.
static_assert(pf::kRegion >= pf::kFirstSkippableType);

std::string header() {
  std::string out(pf::kMagic);
  varint::putU32LE(out, pf::kVersion);
  return out;
}

std::string record(uint64_t type, std::initializer_list<uint64_t> fields, const std::string& raw = "") {
  std::string payload = raw;
  for (uint64_t field : fields) varint::put(payload, field);
  std::string out;
  varint::put(out, type);
  varint::put(out, payload.size());
  return out + payload;
}

// process 0, thread 0, and the string "load" as id 1: 23 bytes after the header.
std::string base() {
  return header() + record(pf::kProcess, {2, 0, 0, 0, 0, 0, 0, 0}) + record(pf::kThread, {0, 2, 0, 0, 0}) +
         record(pf::kString, {}, "load");
}

Profile withRegions() {
  Profile p = testing::smallProfile();
  p.meta.regions_only = true;
  p.regions.push_back({.name = "parse", .thread = 1, .start_ns = 10, .end_ns = 30});
  p.regions.push_back({.name = "load", .thread = 0, .start_ns = 5, .end_ns = 40});
  return p;
}

TEST(RegionFormat, RoundTripKeepsRegionsInOrderAndTheFlag) {
  Profile expected = withRegions();
  Result<Profile> read = parseProfFile(testing::encode(expected), "f");
  ASSERT_TRUE(read.isOk()) << read.message();
  EXPECT_TRUE(checkValid(read.value()).isOk());
  ASSERT_EQ(read.value().regions.size(), 2u);
  EXPECT_EQ(read.value().regions[0].name, "parse");
  EXPECT_EQ(read.value().regions[1].start_ns, 5u);
  EXPECT_EQ(read.value().regions[1].end_ns, 40u);
  EXPECT_TRUE(read.value().meta.regions_only);
  testing::expectSameDump(read.value(), expected);
}

TEST(RegionFormat, DumpShowsRegionsOnlyWhenThereAreAny) {
  std::string text = dumpText(withRegions());
  EXPECT_NE(text.find("regions (2)\n  0 name=\"parse\" thread=T1 start_ns=10 end_ns=30\n"), std::string::npos) << text;
  EXPECT_NE(text.find("complete=true regions_only=true\n"), std::string::npos) << text;
  std::string plain = dumpText(testing::smallProfile());
  EXPECT_EQ(plain.find("regions"), std::string::npos);
}

std::string fromHex(const std::string& text) {
  std::string out;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (std::isxdigit(static_cast<unsigned char>(text[i])) && std::isxdigit(static_cast<unsigned char>(text[i + 1]))) {
      out += static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16));
      ++i;
    }
  }
  return out;
}

TEST(RegionFormat, FileWrittenBeforeRevision2ReadsWithoutRegions) {
  // The golden file has the layout of revision 1: no regions, no Meta flags field.
  std::string bytes = fromHex(testing::readBytes(std::string(PPROF_FORMAT_GOLDEN_DIR) + "/small_profile.prof.hex"));
  Result<Profile> read = parseProfFile(bytes, "old.prof");
  ASSERT_TRUE(read.isOk()) << read.message();
  EXPECT_TRUE(read.value().regions.empty());
  EXPECT_FALSE(read.value().meta.regions_only);
  EXPECT_TRUE(read.value().meta.complete);
}

TEST(RegionFormat, RegionPayload) {
  // name "load", thread 0, start 7, duration 5.
  Result<Profile> read = parseProfFile(base() + record(pf::kRegion, {1, 0, 7, 5}) + record(pf::kEnd, {}), "f");
  ASSERT_TRUE(read.isOk()) << read.message();
  ASSERT_EQ(read.value().regions.size(), 1u);
  const Region& r = read.value().regions[0];
  EXPECT_EQ(r.name, "load");
  EXPECT_EQ(r.thread, 0u);
  EXPECT_EQ(r.start_ns, 7u);
  EXPECT_EQ(r.end_ns, 12u);
}

TEST(RegionFormat, Errors) {
  auto error = [](const std::string& bytes) {
    Result<Profile> r = parseProfFile(bytes, "out.prof");
    EXPECT_FALSE(r.isOk());
    return r.message();
  };
  EXPECT_EQ(error(base() + record(pf::kRegion, {1, 3, 0, 0})),
            "out.prof: thread 3 out of range (1 threads) in region record at offset 35");
  EXPECT_EQ(error(base() + record(pf::kRegion, {9, 0, 0, 0})),
            "out.prof: string 9 out of range (2 strings) in region record at offset 35");
  EXPECT_EQ(error(base() + record(pf::kRegion, {1, 0, 2, UINT64_MAX - 1})),
            "out.prof: region end out of range in region record at offset 35");
  EXPECT_EQ(error(base() + record(pf::kRegion, {1, 0, 2})),
            "out.prof: record ends inside a field in region record at offset 35");
}

TEST(RegionFormat, TornRegionRecordKeepsTheRegionsBefore) {
  std::string bytes = base() + record(pf::kRegion, {1, 0, 1, 1}) + record(pf::kRegion, {1, 0, 2, 2});
  Result<Profile> read = parseProfFile(std::string_view(bytes).substr(0, bytes.size() - 1), "f");
  ASSERT_TRUE(read.isOk()) << read.message();
  EXPECT_EQ(read.value().regions.size(), 1u);
  EXPECT_FALSE(read.value().meta.complete);
}

TEST(RegionFormat, WriterRefusesBadRegions) {
  std::string path = testing::tempPath("regions.prof");
  auto writer = ProfWriter::create(path);
  ASSERT_TRUE(writer.isOk());
  ProfWriter& w = *writer.value();
  EXPECT_EQ(w.addRegion({.name = "x", .thread = 0}).message(), path + ": region: thread 0 out of range (0 threads)");
  ASSERT_TRUE(w.addProcess(Process{}).isOk());
  ASSERT_TRUE(w.addThread(Thread{}).isOk());
  EXPECT_EQ(w.addRegion({.name = "x", .thread = 0, .start_ns = 5, .end_ns = 4}).message(),
            path + ": region: ends before it starts");
  EXPECT_TRUE(w.addRegion({.name = "x", .thread = 0, .start_ns = 4, .end_ns = 4}).isOk());
  ASSERT_TRUE(w.finish().isOk());  // refused regions did not poison the writer
  unlink(path.c_str());
}

TEST(RegionFormat, CheckValid) {
  Profile p = withRegions();
  EXPECT_TRUE(checkValid(p).isOk());
  p.regions[1].thread = 7;
  EXPECT_EQ(checkValid(p).message(), "region 1: thread 7 out of range (2 threads)");
  p.regions[1].thread = 0;
  p.regions[0].end_ns = 9;
  EXPECT_EQ(checkValid(p).message(), "region 0: ends before it starts");
}

}  // namespace
}  // namespace pprof

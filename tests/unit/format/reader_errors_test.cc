// Hand-made byte images: each error names the file and the record's offset, extensions are
// skipped, and hostile counts fail cleanly instead of allocating.
#include <gtest/gtest.h>

#include "format/prof_file.h"
#include "format/record_types.h"
#include "format/varint.h"
#include "test_profiles.h"

namespace pprof {
namespace {

namespace pf = prof_format;

std::string header(uint32_t version = pf::kVersion) {
  std::string out(pf::kMagic);
  varint::putU32LE(out, version);
  return out;
}

std::string record(uint64_t type, std::initializer_list<uint64_t> fields, std::string extra = "") {
  std::string payload;
  for (uint64_t field : fields) varint::put(payload, field);
  payload += extra;
  std::string out;
  varint::put(out, type);
  varint::put(out, payload.size());
  return out + payload;
}

// process 0 (pid 1) and thread 0 (tid 1), 17 bytes after the header.
std::string processAndThread() {
  return record(pf::kProcess, {2, 0, 0, 0, 0, 0, 0, 0}) + record(pf::kThread, {0, 2, 0, 0, 0});
}

std::string parseError(const std::string& bytes, const std::string& name = "out.prof") {
  Result<Profile> r = parseProfFile(bytes, name);
  EXPECT_FALSE(r.isOk()) << "parsed fine: " << (r ? dumpText(r.value()) : "");
  return r.message();
}

TEST(ReaderErrors, BadMagic) {
  EXPECT_EQ(parseError("hello world, not a profile", "x.txt"), "x.txt: not an out.prof file (bad magic)");
  EXPECT_EQ(parseError("PPROFRUX", "x.txt"), "x.txt: not an out.prof file (bad magic)");
  EXPECT_FALSE(looksLikeProfFile("PPROFRU"));
  EXPECT_FALSE(looksLikeProfFile("\x1f\x8b\x08"));
  EXPECT_TRUE(looksLikeProfFile(header()));
}

TEST(ReaderErrors, UnsupportedVersion) {
  EXPECT_EQ(parseError(header(2)), "out.prof: unsupported out.prof version 2 (this reader knows version 1)");
  EXPECT_EQ(parseError(header(0)), "out.prof: unsupported out.prof version 0 (this reader knows version 1)");
}

TEST(ReaderErrors, BadRecordType) {
  EXPECT_EQ(parseError(header() + record(17, {1, 2})), "out.prof: bad record type 17 at offset 12");
  EXPECT_EQ(parseError(header() + record(0, {})), "out.prof: bad record type 0 at offset 12");
}

TEST(ReaderErrors, BadRecordHeader) {
  EXPECT_EQ(parseError(header() + std::string(11, '\xff') + "\x01"),
            "out.prof: bad record header at offset 12");
}

TEST(ReaderErrors, UndefinedReferences) {
  std::string base = header() + processAndThread();
  EXPECT_EQ(parseError(base + record(pf::kSample, {0, 0, 0, 1, 0})),
            "out.prof: stack 0 out of range (0 stacks) in sample record at offset 29");
  EXPECT_EQ(parseError(base + record(pf::kThread, {4, 2, 0, 0, 0})),
            "out.prof: process 4 out of range (1 processes) in thread record at offset 29");
  EXPECT_EQ(parseError(base + record(pf::kThreadUpdate, {1, 0, 2, 0, 0, 0})),
            "out.prof: thread 1 out of range (1 threads) in thread update record at offset 29");
  EXPECT_EQ(parseError(base + record(pf::kLocation, {0, 5}) + record(pf::kStack, {1, 1})),
            "out.prof: location 1 out of range (1 locations) in stack record at offset 33");
  EXPECT_EQ(parseError(base + record(pf::kModule, {0, 3, 0, 0, 0, 0})),
            "out.prof: string 3 out of range (1 strings) in module record at offset 29");
  EXPECT_EQ(parseError(base + record(pf::kProcess, {2, 0, 2, 0, 0, 0, 0, 0})),
            "out.prof: process 1 out of range (1 processes) in process record at offset 29");
  EXPECT_EQ(parseError(base + record(pf::kProcessUpdate, {0, 2, 0, 1, 0, 0, 0, 0, 0})),
            "out.prof: parent 0 is not an earlier process in process update record at offset 29");
}

TEST(ReaderErrors, MalformedRecords) {
  std::string base = header() + processAndThread();
  EXPECT_EQ(parseError(base + record(pf::kThread, {0, 2})),
            "out.prof: record ends inside a field in thread record at offset 29");
  EXPECT_EQ(parseError(base + record(pf::kLocation, {0, 5}) + record(pf::kStack, {0})),
            "out.prof: empty stack in stack record at offset 33");
  EXPECT_EQ(parseError(base + record(pf::kThread, {0, uint64_t{1} << 40, 0, 0, 0})),
            "out.prof: value out of range in thread record at offset 29");
}

TEST(ReaderErrors, HostileCountsDoNotAllocate) {
  std::string base = header() + processAndThread() + record(pf::kLocation, {0, 5});
  EXPECT_EQ(parseError(base + record(pf::kStack, {uint64_t{1} << 60, 0})),
            "out.prof: count 1152921504606846976 exceeds record in stack record at offset 33");
  EXPECT_FALSE(parseProfFile(base + record(pf::kLocationLines, {0, UINT32_MAX}), "f").isOk());
}

TEST(ReaderErrors, SkipsExtensionsAndNewTrailingFields) {
  std::string bytes = header() + record(70, {1, 2, 3}) +
                      record(pf::kProcess, {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12345}) + record(pf::kEnd, {}) +
                      "garbage after the end";
  Result<Profile> r = parseProfFile(bytes, "f");
  ASSERT_TRUE(r.isOk()) << r.message();
  EXPECT_EQ(r.value().processes.size(), 1u);
  EXPECT_EQ(r.value().processes[0].pid, 1);
  EXPECT_TRUE(r.value().meta.complete);
}

TEST(ReaderErrors, EmptyOrHeaderOnlyIsAnEmptyIncompleteProfile) {
  for (const std::string& bytes : {std::string(), std::string("PPRO"), header()}) {
    Result<Profile> r = parseProfFile(bytes, "f");
    ASSERT_TRUE(r.isOk()) << r.message();
    EXPECT_FALSE(r.value().meta.complete);
    EXPECT_TRUE(r.value().samples.empty());
  }
}

TEST(ReaderErrors, FileErrorsNameThePath) {
  Result<Profile> missing = readProfFile("/nonexistent/dir/out.prof");
  EXPECT_EQ(missing.message(), "open /nonexistent/dir/out.prof: No such file or directory");
  Result<Profile> dir = readProfFile("/");
  EXPECT_EQ(dir.message(), "read /: Is a directory");
  std::string path = testing::tempPath("bad.txt");
  testing::writeBytes(path, "plain text");
  EXPECT_EQ(readProfFile(path).message(), path + ": not an out.prof file (bad magic)");
}

}  // namespace
}  // namespace pprof

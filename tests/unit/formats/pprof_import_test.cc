// pprof import of hand-made profile.proto messages: what other producers (Go, Pyroscope) write
// and what they leave out, and errors that name the offset.
#include <gtest/gtest.h>
#include <protozero/pbf_writer.hpp>

#include <vector>

#include "formats/pprof_fields.h"
#include "formats/pprof_import.h"

namespace pprof::formats {
namespace {

using protozero::pbf_writer;

// Builds a profile.proto by hand; string indexes are the caller's business.
struct ProtoBuilder {
  std::string bytes;
  pbf_writer root{bytes};

  void strings(std::initializer_list<const char*> table) {
    for (const char* s : table) root.add_string(pf::kStringTable, s);
  }
  void valueType(uint32_t field, int64_t type, int64_t unit) {
    pbf_writer vt(root, field);
    vt.add_int64(pf::kValueTypeType, type);
    vt.add_int64(pf::kValueTypeUnit, unit);
  }
  void function(uint64_t id, int64_t name) {
    pbf_writer f(root, pf::kFunction);
    f.add_uint64(pf::kFunctionId, id);
    f.add_int64(pf::kFunctionName, name);
  }
  void mapping(uint64_t id, uint64_t start, uint64_t limit, uint64_t offset) {
    pbf_writer m(root, pf::kMapping);
    m.add_uint64(pf::kMappingId, id);
    m.add_uint64(pf::kMappingStart, start);
    m.add_uint64(pf::kMappingLimit, limit);
    m.add_uint64(pf::kMappingOffset, offset);
  }
  void location(uint64_t id, uint64_t mapping, uint64_t address, std::vector<uint64_t> functions) {
    pbf_writer l(root, pf::kLocation);
    l.add_uint64(pf::kLocationId, id);
    if (mapping) l.add_uint64(pf::kLocationMappingId, mapping);
    l.add_uint64(pf::kLocationAddress, address);
    for (uint64_t f : functions) {
      pbf_writer line(l, pf::kLocationLine);
      line.add_uint64(pf::kLineFunctionId, f);
    }
  }
  // Unpacked location ids, as some producers write them.
  void sample(std::vector<uint64_t> locations, std::vector<int64_t> values, bool packed = true) {
    pbf_writer s(root, pf::kSample);
    if (packed) {
      s.add_packed_uint64(pf::kSampleLocationId, locations.begin(), locations.end());
    } else {
      for (uint64_t l : locations) s.add_uint64(pf::kSampleLocationId, l);
    }
    s.add_packed_int64(pf::kSampleValue, values.begin(), values.end());
  }
};

// Go's CPU profile shape: [samples/count, cpu/nanoseconds], period 10 ms, no labels; here
// functions come after the locations that use them and mapping ids are left to the address.
std::string goLikeProfile() {
  ProtoBuilder b;
  b.strings({"", "samples", "count", "cpu", "nanoseconds", "main.main", "main.work", "/bin/prog"});
  b.valueType(pf::kSampleType, 1, 2);
  b.valueType(pf::kSampleType, 3, 4);
  b.sample({2, 1}, {3, 30000000}, /*packed=*/false);
  b.sample({1}, {1, 10000000});
  b.location(1, 0, 0x401000, {1});
  b.location(2, 0, 0x401200, {2});
  b.function(1, 5);
  b.function(2, 6);
  {
    pbf_writer m(b.root, pf::kMapping);
    m.add_uint64(pf::kMappingId, 1);
    m.add_uint64(pf::kMappingStart, 0x400000);
    m.add_uint64(pf::kMappingLimit, 0x500000);
    m.add_int64(pf::kMappingFilename, 7);
  }
  b.valueType(pf::kPeriodType, 3, 4);
  b.root.add_int64(pf::kPeriod, 10000000);
  return b.bytes;
}

TEST(PprofImport, GoLikeProfile) {
  Result<Profile> r = parsePprof(goLikeProfile(), "go.pb");
  ASSERT_TRUE(r.isOk()) << r.message();
  const Profile& p = r.value();
  ASSERT_TRUE(checkValid(p).isOk()) << checkValid(p).message();
  EXPECT_EQ(p.meta.period_ns, 10000000u);
  EXPECT_EQ(p.meta.frequency_hz, 100u);
  ASSERT_EQ(p.processes.size(), 1u);  // synthetic
  ASSERT_EQ(p.threads.size(), 1u);
  EXPECT_EQ(p.threads[0].tid, 0);
  ASSERT_EQ(p.samples.size(), 2u);
  EXPECT_EQ(p.samples[0].weight, 3u);
  EXPECT_EQ(p.samples[1].weight, 1u);
  const Location& leaf = p.locations[p.stacks[p.samples[0].stack].locations[0]];
  EXPECT_EQ(p.functions[leaf.lines[0].function].name, "main.work");
  ASSERT_EQ(leaf.module, 0u);  // found by address
  EXPECT_EQ(p.modules[0].path, "/bin/prog");
  EXPECT_EQ(leaf.address + p.modules[0].bias, 0x401200u);
}

TEST(PprofImport, CountOnlyValuesAreWeights) {
  ProtoBuilder b;
  b.strings({"", "samples", "count", "f"});
  b.valueType(pf::kSampleType, 1, 2);
  b.function(1, 3);
  b.location(1, 0, 0x10, {1});
  b.sample({1}, {7});
  b.sample({1}, {0});   // no weight: dropped
  b.sample({1}, {-2});  // diff profiles have negative values: dropped
  Result<Profile> r = parsePprof(b.bytes, "c.pb");
  ASSERT_TRUE(r.isOk()) << r.message();
  ASSERT_EQ(r.value().samples.size(), 1u);
  EXPECT_EQ(r.value().samples[0].weight, 7u);
  EXPECT_EQ(r.value().meta.period_ns, 0u);
}

TEST(PprofImport, NanosecondsWithoutPeriodUseTheCounts) {
  ProtoBuilder b;
  b.strings({"", "samples", "count", "wall", "nanoseconds", "f"});
  b.valueType(pf::kSampleType, 1, 2);
  b.valueType(pf::kSampleType, 3, 4);
  b.function(1, 5);
  b.location(1, 0, 0x10, {1});
  b.sample({1}, {2, 4000000});
  b.sample({1}, {2, 4000000});
  Result<Profile> r = parsePprof(b.bytes, "w.pb");
  ASSERT_TRUE(r.isOk()) << r.message();
  EXPECT_EQ(r.value().meta.period_ns, 2000000u);
  EXPECT_EQ(r.value().meta.mode, "wall");
  EXPECT_EQ(r.value().samples[0].weight, 2u);
}

TEST(PprofImport, EmptyStackKeepsItsWeight) {
  ProtoBuilder b;
  b.strings({"", "samples", "count"});
  b.valueType(pf::kSampleType, 1, 2);
  b.sample({}, {5});
  Result<Profile> r = parsePprof(b.bytes, "e.pb");
  ASSERT_TRUE(r.isOk()) << r.message();
  ASSERT_EQ(r.value().samples.size(), 1u);
  ASSERT_TRUE(checkValid(r.value()).isOk());
  const Profile& p = r.value();
  EXPECT_EQ(p.functions[p.locations[p.stacks[0].locations[0]].lines[0].function].name, "[no stack]");
}

void expectError(const std::string& bytes, const std::string& what) {
  Result<Profile> r = parsePprof(bytes, "bad.pb");
  ASSERT_FALSE(r.isOk()) << "expected: " << what;
  EXPECT_NE(r.message().find(what), std::string::npos) << r.message();
  EXPECT_EQ(r.message().rfind("bad.pb: pprof: ", 0), 0u) << r.message();
  EXPECT_NE(r.message().find(" at offset "), std::string::npos) << r.message();
}

TEST(PprofImportErrors, UnknownFunction) {
  ProtoBuilder b;
  b.strings({""});
  b.location(1, 0, 0x10, {9});
  expectError(b.bytes, "unknown function id 9");
}

TEST(PprofImportErrors, UnknownLocationAndMapping) {
  ProtoBuilder b;
  b.strings({"", "samples", "count"});
  b.valueType(pf::kSampleType, 1, 2);
  b.sample({4}, {1});
  expectError(b.bytes, "unknown location id 4");
  ProtoBuilder c;
  c.location(1, 3, 0x10, {});
  expectError(c.bytes, "unknown mapping id 3");
}

TEST(PprofImportErrors, DuplicateAndZeroIds) {
  ProtoBuilder b;
  b.strings({"", "f"});
  b.function(1, 1);
  b.function(1, 1);
  expectError(b.bytes, "duplicate function id 1");
  ProtoBuilder c;
  c.mapping(0, 0, 10, 0);
  expectError(c.bytes, "mapping id 0");
}

TEST(PprofImportErrors, StringIndexOutOfRange) {
  ProtoBuilder b;
  b.strings({"", "f"});
  b.function(1, 7);
  expectError(b.bytes, "string index 7 out of range (2 strings)");
}

TEST(PprofImportErrors, FirstStringNotEmpty) {
  ProtoBuilder b;
  b.strings({"x"});
  expectError(b.bytes, "string_table[0] is not empty");
}

TEST(PprofImportErrors, ValueCountMismatch) {
  ProtoBuilder b;
  b.strings({"", "samples", "count"});
  b.valueType(pf::kSampleType, 1, 2);
  b.sample({}, {1, 2});
  expectError(b.bytes, "sample has 2 values for 1 sample types");
}

TEST(PprofImportErrors, WrongWireTypeAndTruncation) {
  std::string bytes = "\x4d\x01\x02\x03\x04";  // field 9 (time_nanos) as fixed32
  expectError(bytes, "field 9 is not a varint");
  std::string truncated = "\x12\x10\x0a";  // sample claims 16 bytes, has 1
  expectError(truncated, "malformed protobuf");
}

TEST(PprofImportErrors, OffsetPointsAtTheField) {
  ProtoBuilder b;
  b.strings({"", "f"});
  size_t offset = b.bytes.size();
  b.function(1, 9);
  Result<Profile> r = parsePprof(b.bytes, "bad.pb");
  ASSERT_FALSE(r.isOk());
  // The function message starts at `offset`; its name field follows the tag, length and id.
  EXPECT_NE(r.message().find("at offset " + std::to_string(offset + 4)), std::string::npos) << r.message();
}

}  // namespace
}  // namespace pprof::formats

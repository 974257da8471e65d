// The Python marshal reader: every type code cProfile dumps use, back-references, and hostile
// input (truncation, bad references, huge sizes, deep nesting) as one-line errors with offsets.
#include <gtest/gtest.h>

#include "formats/marshal.h"

namespace pprof::formats {
namespace {

using Kind = MarshalValue::Kind;

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  return out;
}

MarshalPtr read(const std::string& input) {
  Result<MarshalPtr> r = readMarshal(input, "in");
  EXPECT_TRUE(r.isOk()) << r.message();
  return r.isOk() ? r.value() : std::make_shared<MarshalValue>();
}

std::string error(const std::string& input) { return readMarshal(input, "in").message(); }

TEST(Marshal, Scalars) {
  EXPECT_EQ(read(bytes({'i', 0xfe, 0xff, 0xff, 0xff}))->integer, -2);
  EXPECT_EQ(read("N")->kind, Kind::kNone);
  EXPECT_EQ(read("T")->integer, 1);
  EXPECT_EQ(read("F")->kind, Kind::kBool);
  // 'l': 2^31 = digits [0, 0, 2] in base 2^15; a negative count makes it negative.
  EXPECT_EQ(read(bytes({'l', 3, 0, 0, 0, 0, 0, 0, 0, 2, 0}))->integer, int64_t{1} << 31);
  EXPECT_EQ(read(bytes({'l', 0xfd, 0xff, 0xff, 0xff, 0, 0, 0, 0, 2, 0}))->integer, -(int64_t{1} << 31));
  // 'g': 1.5 as little-endian IEEE 754.
  EXPECT_DOUBLE_EQ(read(bytes({'g', 0, 0, 0, 0, 0, 0, 0xf8, 0x3f}))->number, 1.5);
  EXPECT_EQ(read(bytes({'z', 3, 'a', 'b', 'c'}))->text, "abc");
  EXPECT_EQ(read(bytes({'Z', 1, '~'}))->text, "~");
  EXPECT_EQ(read(bytes({'u', 2, 0, 0, 0, 0xc3, 0xa9}))->text, "\xc3\xa9");
  EXPECT_EQ(read(bytes({'a', 1, 0, 0, 0, 'x'}))->kind, Kind::kString);
  EXPECT_EQ(read(bytes({'s', 1, 0, 0, 0, 'x'}))->kind, Kind::kBytes);
}

TEST(Marshal, ContainersAndReferences) {
  // {('f', 1): ('f', 'f')} with the key remembered (0x80) and referenced twice by index.
  auto v = read(bytes({'{', 0x80 | ')', 2, 0x80 | 'z', 1, 'f', 'i', 1, 0, 0, 0, ')', 2, 'r', 1, 0, 0, 0, 'r', 1, 0, 0,
                       0, '0'}));
  ASSERT_EQ(v->kind, Kind::kDict);
  ASSERT_EQ(v->items.size(), 2u);
  EXPECT_EQ(v->items[0]->items[0]->text, "f");
  EXPECT_EQ(v->items[1]->items[1]->text, "f");
  EXPECT_EQ(v->items[1]->items[0], v->items[0]->items[0]);  // shared, not copied
  EXPECT_EQ(read(bytes({'(', 1, 0, 0, 0, 'N'}))->items.size(), 1u);
  EXPECT_EQ(read(bytes({'[', 0, 0, 0, 0}))->kind, Kind::kList);
  EXPECT_EQ(read(bytes({'<', 1, 0, 0, 0, 'T'}))->kind, Kind::kSet);
  EXPECT_EQ(read("{0")->items.size(), 0u);
}

TEST(Marshal, HostileInputGivesOneLineWithOffset) {
  EXPECT_EQ(error(""), "in: marshal: truncated object at offset 0");
  EXPECT_EQ(error("i\x01"), "in: marshal: truncated int at offset 1");
  EXPECT_EQ(error(bytes({'z', 5, 'a'})), "in: marshal: truncated string at offset 2");
  EXPECT_EQ(error(bytes({'(', 0xff, 0xff, 0xff, 0x7f})), "in: marshal: container size 2147483647 exceeds the input at offset 1");
  EXPECT_EQ(error(bytes({'(', 0xff, 0xff, 0xff, 0xff})), "in: marshal: negative container size at offset 1");
  EXPECT_EQ(error(bytes({'r', 0, 0, 0, 0})), "in: marshal: bad reference 0 at offset 0");
  // A container referring to itself while being read: no cycles.
  EXPECT_EQ(error(bytes({0x80 | ')', 1, 'r', 0, 0, 0, 0})), "in: marshal: bad reference 0 at offset 2");
  EXPECT_EQ(error("c"), "in: marshal: unsupported type 0x63 at offset 0");
  EXPECT_EQ(error("NN"), "in: marshal: trailing bytes after the object at offset 1");
  EXPECT_EQ(error("{N"), "in: marshal: truncated object at offset 2");
  EXPECT_EQ(error("{"), "in: marshal: unterminated dict at offset 1");
  EXPECT_EQ(error(bytes({'l', 5, 0, 0, 0})), "in: marshal: integer too large at offset 1");
  EXPECT_EQ(error(bytes({'l', 1, 0, 0, 0, 0xff, 0xff})), "in: marshal: long digit out of range at offset 5");
  std::string deep(1000, ')');
  for (size_t i = 1; i < deep.size(); i += 2) deep[i] = 1;
  EXPECT_EQ(error(deep).substr(0, 38), "in: marshal: nesting deeper than 100 a");
}

}  // namespace
}  // namespace pprof::formats

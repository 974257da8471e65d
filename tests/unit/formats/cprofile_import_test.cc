// cProfile/pstats dump import on real dumps (cprofile_fixture/, made by `python3 -m cProfile
// -o`) and on hand-made marshal that breaks the dict layout.
#include <gtest/gtest.h>

#include "formats/cprofile_import.h"
#include "formats/detect.h"
#include "support/file_bytes.h"

namespace pprof::formats {
namespace {

const std::string kFixtures = PPROF_CPROFILE_FIXTURE_DIR;

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  return out;
}

const Function* find(const Profile& p, const std::string& name) {
  for (const Function& f : p.functions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

TEST(CProfileImport, RealDumpHasCallsTimesAndCallers) {
  Result<Profile> r = readAnyProfile(kFixtures + "/fib.prof");
  ASSERT_TRUE(r.isOk()) << r.message();
  const Profile& p = r.value();
  EXPECT_EQ(p.meta.producer, "cProfile");
  EXPECT_TRUE(p.samples.empty());
  const Function* fib = find(p, "fib");
  ASSERT_NE(fib, nullptr);
  EXPECT_EQ(fib->start_line, 4u);
  EXPECT_EQ(fib->file, "fib.py");
  const Function* len = find(p, "<built-in method builtins.len>");
  ASSERT_NE(len, nullptr);
  EXPECT_EQ(len->file, "~");
  EXPECT_EQ(len->start_line, 0u);
  int fib_entries = 0;
  for (const CallStats& c : p.call_stats) {
    if (p.functions[c.function].name != "fib") continue;
    ++fib_entries;
    EXPECT_EQ(c.calls, 465u);  // fib(12) makes 465 calls, 1 of them primitive
    EXPECT_EQ(c.primitive_calls, 1u);
    EXPECT_GE(c.total_seconds, c.self_seconds);
    ASSERT_EQ(c.callers.size(), 2u);  // <module> and fib itself
  }
  EXPECT_EQ(fib_entries, 1);
}

TEST(CProfileImport, LayoutErrorsNameTheOffset) {
  EXPECT_EQ(parseCProfile("N", "x").message(), "x: cProfile: top level is not a dict at offset 0");
  const std::string key = bytes({'{', ')', 3, 'z', 1, 'f', 'i', 1, 0, 0, 0, 'z', 1, 'g'});
  EXPECT_EQ(parseCProfile(key + "N0", "x").message(), "x: cProfile: stats value is not a 5-tuple at offset 14");
  EXPECT_EQ(parseCProfile(bytes({'{', 'z', 1, 'f', 'N', '0'}), "x").message(),
            "x: cProfile: function key is not a 3-tuple at offset 1");
  // (-1, 1, None, None, {}): the negative count is reported first.
  const std::string negative = key + bytes({')', 5, 'i', 0xff, 0xff, 0xff, 0xff, 'i', 1, 0, 0, 0, 'N', 'N', '{', '0', '0'});
  EXPECT_EQ(parseCProfile(negative, "x").message(), "x: cProfile: call count is not a non-negative int at offset 16");
  const std::string no_times = key + bytes({')', 5, 'i', 1, 0, 0, 0, 'i', 1, 0, 0, 0, 'N', 'N', '{', '0', '0'});
  EXPECT_EQ(parseCProfile(no_times, "x").message(), "x: cProfile: time is not a number at offset 14");
}

}  // namespace
}  // namespace pprof::formats

// Collapsed stacks: export shape, import of what FlameGraph/speedscope/Pyroscope write, round
// trip, and line-numbered errors for garbage.
#include <gtest/gtest.h>

#include "formats/collapsed.h"
#include "sample_profiles.h"

namespace pprof::formats {
namespace {

TEST(CollapsedExport, RootFirstInlineExpandedSorted) {
  std::string text = encodeCollapsed(testing::sampleProfile());
  // Stack 1 (memcpy <- compute [square inlined] <- main) weighs 2 + 1 samples.
  EXPECT_NE(text.find("main;compute(int);square;memcpy 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("worker_loop;parse:json 4\n"), std::string::npos) << text;    // ';' replaced
  EXPECT_NE(text.find("worker_loop;libc.so.6+0x12345 1\n"), std::string::npos) << text;  // no symbols
  EXPECT_NE(text.find("worker_loop;memcpy;0xffffffff81000000 3\n"), std::string::npos) << text;
  // Two processes' main merge: same name, same stack text.
  EXPECT_NE(text.find("main 4\n"), std::string::npos) << text;
  std::vector<std::string> lines;
  for (size_t pos = 0, eol; (eol = text.find('\n', pos)) != std::string::npos; pos = eol + 1)
    lines.push_back(text.substr(pos, eol - pos));
  EXPECT_TRUE(std::is_sorted(lines.begin(), lines.end()));
}

TEST(CollapsedExport, ThreadRoots) {
  std::string text = encodeCollapsed(testing::sampleProfile(), {.thread_roots = true});
  EXPECT_NE(text.find("worker-1 (tid 102);worker_loop;parse:json 4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("child (tid 101);main 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("app (tid 100);main 1\n"), std::string::npos) << text;
}

TEST(CollapsedRoundTrip, KeepsFunctionWeights) {
  Profile in = testing::sampleProfile();
  Result<Profile> out = parseCollapsed(encodeCollapsed(in), "rt.txt");
  ASSERT_TRUE(out.isOk()) << out.message();
  ASSERT_TRUE(checkValid(out.value()).isOk());
  auto expected = testing::functionWeights(in);
  auto node = expected.extract("parse;json");
  node.key() = "parse:json";
  expected.insert(std::move(node));
  EXPECT_EQ(testing::functionWeights(out.value()), expected);
  EXPECT_EQ(encodeCollapsed(out.value()), encodeCollapsed(in));
}

TEST(CollapsedImport, ToleratesWhatOtherToolsWrite) {
  std::string text =
      "# made by hand\n"
      "\n"
      "main;a;b 10\n"
      "main;a 5   \r\n"
      "  main;c d(int, char) 2\n"   // spaces inside a frame name
      "main;a;b 1\n"                // a repeated stack adds up
      "main;z 0\n"                  // zero count adds nothing
      "main 3";                     // no final newline
  Result<Profile> r = parseCollapsed(text, "x.txt");
  ASSERT_TRUE(r.isOk()) << r.message();
  const Profile& p = r.value();
  ASSERT_TRUE(checkValid(p).isOk());
  auto weights = testing::functionWeights(p);
  EXPECT_EQ(weights["main"].total, 21u);
  EXPECT_EQ(weights["main"].self, 3u);
  EXPECT_EQ(weights["b"].self, 11u);
  EXPECT_EQ(weights["a"].total, 16u);
  EXPECT_EQ(weights["c d(int, char)"].self, 2u);
  EXPECT_EQ(p.threads.size(), 1u);
  EXPECT_EQ(p.stacks.size(), 4u);  // "main;z 0" adds none
}

void expectError(const std::string& text, const std::string& message) {
  Result<Profile> r = parseCollapsed(text, "x.txt");
  ASSERT_FALSE(r.isOk()) << text;
  EXPECT_EQ(r.message(), message);
}

TEST(CollapsedImport, ErrorsNameTheLine) {
  expectError("a;b 1\nnocount\n", "x.txt:2: expected 'stack COUNT'");
  expectError("a;b 1\n\n# c\na;b x\n", "x.txt:4: count 'x' is not a non-negative integer");
  expectError("a 1.5\n", "x.txt:1: count '1.5' is not a non-negative integer");
  expectError("a -1\n", "x.txt:1: count '-1' is not a non-negative integer");
  expectError("a 4294967296\n", "x.txt:1: count 4294967296 is too large");
  expectError("a 99999999999999999999999\n", "x.txt:1: count 99999999999999999999999 is too large");
  expectError("a;;b 1\n", "x.txt:1: empty frame name at column 3");
  expectError(" 5\n", "x.txt:1: expected 'stack COUNT'");
}

TEST(CollapsedImport, GarbageNeverCrashes) {
  uint32_t state = 7;
  const char alphabet[] = "ab;; 0123456789\n\r\t#x";
  for (int round = 0; round < 3000; ++round) {
    std::string text(static_cast<size_t>(round % 64), ' ');
    for (char& c : text) c = alphabet[((state = state * 1103515245 + 12345) >> 16) % (sizeof alphabet - 1)];
    Result<Profile> r = parseCollapsed(text, "g.txt");
    if (r.isOk()) ASSERT_TRUE(checkValid(r.value()).isOk()) << text;
    else ASSERT_EQ(r.message().rfind("g.txt:", 0), 0u) << r.message();
  }
}

}  // namespace
}  // namespace pprof::formats

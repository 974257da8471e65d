// Line-table decoders: hand-built tables for each format (expected lines worked out in the
// comments from CPython's documented algorithms), damaged input, and every code unit of
// several stdlib modules compared with what the real interpreters say (dump_line_tables.py).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "python/line_table.h"
#include "python/version_table.h"

namespace pprof::python {
namespace {

using Bytes = std::vector<uint8_t>;

int32_t lineOf(LineTableFormat f, const Bytes& t, int32_t first, int32_t lasti) {
  return lineForInstruction(f, t.data(), t.size(), first, lasti);
}

// Sorted, non-empty, non-overlapping, led by the {-1, 0, first_line} pseudo-range.
void expectWellFormed(const std::vector<LineRange>& r, int32_t first_line) {
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0].start, -1);
  EXPECT_EQ(r[0].end, 0);
  EXPECT_EQ(r[0].line, first_line);
  for (size_t i = 0; i < r.size(); ++i) {
    EXPECT_LT(r[i].start, r[i].end) << i;
    if (i > 0) {
      EXPECT_LE(r[i - 1].end, r[i].start) << i;
    }
  }
}

// ---- <= 3.9 co_lnotab (Objects/lnotab_notes.txt of 3.8/3.9) ----------------------------
// The notes' example, with co_firstlineno 1 and an even last offset:
//   byte offset 0 -> line 1, 6 -> 2, 50 -> 7, 350 -> 207, 362 -> 208
// The jump 50 -> 350 (300 bytes, +200 lines) is written "255, 0, 45, 127, 0, 73" (address
// first, in chunks of <= 255 with line 0; then the line in chunks of <= 127 with address 0).
// Table: (6,1) (44,5) (255,0) (45,127) (0,73) (12,1). In code units: [0,3) line 1, [3,25)
// line 2, [25,175) line 7, [175,181) line 207, [181, ...) line 208 (no end: the last line
// holds for every address past it, as CPython <= 3.9's PyCode_Addr2Line answers).
TEST(LineTable, LnotabNotesExample) {
  const Bytes t = {6, 1, 44, 5, 255, 0, 45, 127, 0, 73, 12, 1};
  const auto f = LineTableFormat::kLnotab;
  EXPECT_EQ(lineOf(f, t, 1, -1), 1);  // not started: co_firstlineno
  EXPECT_EQ(lineOf(f, t, 1, 0), 1);
  EXPECT_EQ(lineOf(f, t, 1, 2), 1);
  EXPECT_EQ(lineOf(f, t, 1, 3), 2);   // byte 6
  EXPECT_EQ(lineOf(f, t, 1, 24), 2);  // byte 48
  EXPECT_EQ(lineOf(f, t, 1, 25), 7);  // byte 50
  EXPECT_EQ(lineOf(f, t, 1, 152), 7);  // byte 304, past the first 255-byte chunk
  EXPECT_EQ(lineOf(f, t, 1, 174), 7);  // byte 348
  EXPECT_EQ(lineOf(f, t, 1, 175), 207);  // byte 350: 7 + 127 + 73
  EXPECT_EQ(lineOf(f, t, 1, 180), 207);
  EXPECT_EQ(lineOf(f, t, 1, 181), 208);  // byte 362
  EXPECT_EQ(lineOf(f, t, 1, 100000), 208);  // past the end: the last line
  auto r = decodeLineTable(f, t.data(), t.size(), 1);
  expectWellFormed(r, 1);
  ASSERT_EQ(r.size(), 6u);  // pseudo-range + 5 (the two line-7 pieces are merged)
  EXPECT_EQ(r[3].start, 25);
  EXPECT_EQ(r[3].end, 175);
  EXPECT_EQ(r.back().end, kOpenEnd);
}

// Negative line deltas (signed bytes since 3.6), a rise of more than 127 split into (0,127)
// pairs, a -128 delta (a plain signed byte in co_lnotab, not a marker), and a leading (0, n)
// pair that moves the first instruction's line off co_firstlineno.
TEST(LineTable, LnotabNegativeDeltas) {
  // first 10. (0,2) -> 12 at byte 0. (4,5): units [0,2) line 12; line 17. (4,-3): units [2,4)
  // line 17; line 14. (0,127) (0,127): line 268. (2,-128): unit 4 line 268; line 140.
  // (0,-100): line 40. (6,0): units [5,8) line 40. End: [8, ...) line 40 (merged).
  const Bytes t = {0, 2, 4, 5, 4, 0xfd, 0, 127, 0, 127, 2, 0x80, 0, 0x9c, 6, 0};
  const auto f = LineTableFormat::kLnotab;
  EXPECT_EQ(lineOf(f, t, 10, -1), 10);
  EXPECT_EQ(lineOf(f, t, 10, 0), 12);
  EXPECT_EQ(lineOf(f, t, 10, 1), 12);
  EXPECT_EQ(lineOf(f, t, 10, 2), 17);
  EXPECT_EQ(lineOf(f, t, 10, 3), 17);
  EXPECT_EQ(lineOf(f, t, 10, 4), 268);
  EXPECT_EQ(lineOf(f, t, 10, 5), 40);
  EXPECT_EQ(lineOf(f, t, 10, 7), 40);
  EXPECT_EQ(lineOf(f, t, 10, 8), 40);
  expectWellFormed(decodeLineTable(f, t.data(), t.size(), 10), 10);
}

TEST(LineTable, LnotabEmptyIsTheFirstLineEverywhere) {
  EXPECT_EQ(lineOf(LineTableFormat::kLnotab, {}, 5, 0), 5);
  EXPECT_EQ(lineOf(LineTableFormat::kLnotab, {}, 5, 1000), 5);
  EXPECT_EQ(lineForInstruction(LineTableFormat::kLnotab, nullptr, 10, 5, 3), 5);
}

// ---- 3.10 co_linetable (3.10's Objects/lnotab_notes.txt, codeobject.c advance()) ---------
// The notes' example with co_firstlineno 1 (their table starts at line 0 + 1):
//   (6,0)     bytes [0,6)     line 1        units [0,3)
//   (44,+1)   bytes [6,50)    line 2        units [3,25)
//   (254,+5)  bytes [50,304)  line 7        units [25,152)
//   (46,0)    bytes [304,350) line 7        units [152,175) (merged with the previous)
//   (10,-128) bytes [350,360) no line       units [175,180) -> -1; running line stays 7
//   (16,+1)   bytes [360,376) line 8        units [180,188)
//   (0,+127)  empty, running line 135
//   (4,+73)   bytes [376,380) line 208      units [188,190)
//   (6,-100)  bytes [380,386) line 108      units [190,193)
// Past the end (unit 193+): no line (-1), as _PyCode_CheckLineNumber answers.
TEST(LineTable, Linetable310NotesExample) {
  const Bytes t = {6, 0, 44, 1, 254, 5, 46, 0, 10, 0x80, 16, 1, 0, 127, 4, 73, 6, 0x9c};
  const auto f = LineTableFormat::kLinetable310;
  EXPECT_EQ(lineOf(f, t, 1, -1), 1);
  EXPECT_EQ(lineOf(f, t, 1, 0), 1);
  EXPECT_EQ(lineOf(f, t, 1, 2), 1);
  EXPECT_EQ(lineOf(f, t, 1, 3), 2);
  EXPECT_EQ(lineOf(f, t, 1, 24), 2);
  EXPECT_EQ(lineOf(f, t, 1, 25), 7);
  EXPECT_EQ(lineOf(f, t, 1, 151), 7);
  EXPECT_EQ(lineOf(f, t, 1, 152), 7);
  EXPECT_EQ(lineOf(f, t, 1, 174), 7);
  EXPECT_EQ(lineOf(f, t, 1, 175), -1);
  EXPECT_EQ(lineOf(f, t, 1, 179), -1);
  EXPECT_EQ(lineOf(f, t, 1, 180), 8);
  EXPECT_EQ(lineOf(f, t, 1, 187), 8);
  EXPECT_EQ(lineOf(f, t, 1, 188), 208);
  EXPECT_EQ(lineOf(f, t, 1, 189), 208);
  EXPECT_EQ(lineOf(f, t, 1, 190), 108);
  EXPECT_EQ(lineOf(f, t, 1, 192), 108);
  EXPECT_EQ(lineOf(f, t, 1, 193), -1);
  EXPECT_EQ(lineOf(f, t, 1, 5000), -1);
  auto r = decodeLineTable(f, t.data(), t.size(), 1);
  expectWellFormed(r, 1);
  ASSERT_EQ(r.size(), 8u);
  EXPECT_EQ(r[3].start, 25);
  EXPECT_EQ(r[3].end, 175);
}

// ---- 3.11+ location table (Objects/locations.md) --------------------------------------
// first line 10. Entries (head = 1 CCCC LLL: code C, length L+1 code units):
//   0x80 0x05             code 0 (short form, same line), 1 unit   -> [0,1) line 10
//   0xDA 0x04 0x09        code 11 (one-line, +1), 3 units           -> [1,4) line 11
//   0xE8 0x07             code 13 (no columns), svarint 7 = -3, 1   -> [4,5) line 8
//   0xF9                  code 15 (no location), 2 units            -> [5,7) no line (-1),
//                                                                      running line stays 8
//   0xF4 0x50 0x06 0x00 0x01 0x05
//                         code 14 (long), svarint 0x50 0x06 = 16 + 6*64 = 400 = +200, end
//                         line +0, col 0, end col 4; 5 units           -> [7,12) line 208
//   0xD7 0x00 0x10        code 10 (one-line, +0), 8 units            -> [12,20) line 208
//   0xE0 0x01 0x02        code 12 (one-line, +2), 1 unit             -> [20,21) line 210
// Past the end (unit 21+): -1.
const Bytes kLocations = {0x80, 0x05, 0xDA, 0x04, 0x09, 0xE8, 0x07, 0xF9, 0xF4, 0x50, 0x06,
                          0x00, 0x01, 0x05, 0xD7, 0x00, 0x10, 0xE0, 0x01, 0x02};

TEST(LineTable, Locations311AllEntryKinds) {
  const auto f = LineTableFormat::kLocations311;
  const int32_t expected[] = {10, 11, 11, 11, 8, -1, -1, 208, 208, 208, 208, 208,
                              208, 208, 208, 208, 208, 208, 208, 208, 210};
  EXPECT_EQ(lineOf(f, kLocations, 10, -1), 10);
  EXPECT_EQ(lineOf(f, kLocations, 10, -7), 10);
  for (int32_t u = 0; u < 21; ++u) EXPECT_EQ(lineOf(f, kLocations, 10, u), expected[u]) << u;
  EXPECT_EQ(lineOf(f, kLocations, 10, 21), -1);
  EXPECT_EQ(lineOf(f, kLocations, 10, 1 << 30), -1);
  auto r = decodeLineTable(f, kLocations.data(), kLocations.size(), 10);
  expectWellFormed(r, 10);
  ASSERT_EQ(r.size(), 7u);  // pseudo + 6: [7,12) and [12,20) merge
  EXPECT_EQ(r[5].start, 7);
  EXPECT_EQ(r[5].end, 20);
}

// ---- damaged input ----------------------------------------------------------------------
// Every prefix of a table decodes to ranges that agree with the full table wherever they
// give a line (a cut only loses entries), except the open-ended last range of co_lnotab.
void expectPrefixesAgree(LineTableFormat f, const Bytes& t, int32_t first, int32_t units) {
  auto full = decodeLineTable(f, t.data(), t.size(), first);
  for (size_t n = 0; n <= t.size(); ++n) {
    Bytes cut(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(n));  // exact-size heap copy
    auto r = decodeLineTable(f, cut.data(), cut.size(), first);
    expectWellFormed(r, first);
    for (const LineRange& range : r) {
      if (range.end == kOpenEnd) continue;
      for (int32_t u = range.start; u < range.end && u < units; ++u) {
        ASSERT_EQ(range.line, lineAt(full, u)) << "prefix " << n << " unit " << u;
      }
    }
  }
}

TEST(LineTable, TruncatedTablesKeepTheirValidPart) {
  expectPrefixesAgree(LineTableFormat::kLnotab, {6, 1, 44, 5, 255, 0, 45, 127, 0, 73, 12, 1}, 1, 200);
  expectPrefixesAgree(LineTableFormat::kLinetable310,
                      {6, 0, 44, 1, 254, 5, 46, 0, 10, 0x80, 16, 1, 0, 127, 4, 73, 6, 0x9c}, 1, 200);
  expectPrefixesAgree(LineTableFormat::kLocations311, kLocations, 10, 30);
  // Cut inside the long form's delta varint (after 0xF4 0x50): that entry is dropped.
  Bytes cut(kLocations.begin(), kLocations.begin() + 10);
  auto r = decodeLineTable(LineTableFormat::kLocations311, cut.data(), cut.size(), 10);
  EXPECT_EQ(r.back().end, 7);
  // Cut inside a one-line entry's column bytes (after 0xDA 0x04): the entry is kept.
  Bytes cut2(kLocations.begin(), kLocations.begin() + 4);
  EXPECT_EQ(lineForInstruction(LineTableFormat::kLocations311, cut2.data(), cut2.size(), 10, 3), 11);
}

TEST(LineTable, RandomBytesNeverCrash) {
  std::mt19937 rng(12345);
  const LineTableFormat formats[] = {LineTableFormat::kLnotab, LineTableFormat::kLinetable310,
                                     LineTableFormat::kLocations311};
  const int32_t firsts[] = {1, 0, -5, INT32_MAX, INT32_MIN};
  int decoded = 0;
  for (int round = 0; round < 3000; ++round) {
    size_t n = rng() % 400;
    Bytes t(n);
    for (auto& b : t) b = static_cast<uint8_t>(rng());
    // Some all-continuation-byte and all-0xff tables: endless varints, maximal lengths.
    if (round % 10 == 1) std::fill(t.begin(), t.end(), 0x7f);
    if (round % 10 == 2) std::fill(t.begin(), t.end(), 0xff);
    for (LineTableFormat f : formats) {
      int32_t first = firsts[round % 5];
      auto r = decodeLineTable(f, t.data(), t.size(), first);
      expectWellFormed(r, first);
      for (int32_t q : {-1000, -1, 0, 1, 7, 100, 1000, 4000, INT32_MAX - 1, INT32_MAX})
        (void)lineAt(r, q);
      ++decoded;
    }
  }
  std::printf("%d random tables decoded\n", decoded);
}

// ---- the real interpreters --------------------------------------------------------------
struct CodeDump {
  std::string name;
  int32_t first_line = 0;
  int32_t units = 0;
  Bytes table;
  std::vector<int32_t> lines;
};

bool runDump(const std::string& interpreter, int* major, int* minor, std::string* version,
             std::vector<CodeDump>* codes) {
  std::string command = "'" + interpreter + "' '" PPROF_PY_DUMP_SCRIPT "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return false;
  std::string out;
  char buffer[65536];
  size_t got;
  while ((got = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, got);
  if (pclose(pipe) != 0) return false;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string kind;
    fields >> kind;
    if (kind == "version") {
      int micro = 0;
      fields >> *major >> *minor >> micro;
      *version = std::to_string(*major) + "." + std::to_string(*minor) + "." + std::to_string(micro);
    } else if (kind == "code") {
      CodeDump c;
      std::string hex;
      fields >> c.name >> c.first_line >> c.units >> hex;
      if (hex != "-") {
        for (size_t i = 0; i + 1 < hex.size(); i += 2)
          c.table.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
      }
      int32_t l;
      while (fields >> l) c.lines.push_back(l);
      if (static_cast<int32_t>(c.lines.size()) != c.units) return false;
      codes->push_back(std::move(c));
    }
  }
  return !codes->empty();
}

TEST(LineTable, EveryInstructionOfStdlibModulesMatchesTheInterpreters) {
  std::string list = PPROF_PY_INTERPRETERS;
  std::vector<std::string> interpreters;
  for (size_t start = 0; start <= list.size();) {
    size_t end = list.find(':', start);
    if (end == std::string::npos) end = list.size();
    if (end > start) interpreters.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  int runs = 0;
  long total = 0;
  for (const std::string& interpreter : interpreters) {
    if (access(interpreter.c_str(), X_OK) != 0) {
      std::printf("%s: not found, skipped\n", interpreter.c_str());
      continue;
    }
    int major = 0, minor = 0;
    std::string version;
    std::vector<CodeDump> codes;
    ASSERT_TRUE(runDump(interpreter, &major, &minor, &version, &codes)) << interpreter;
    const VersionLayout* layout = layoutFor(static_cast<uint32_t>(major), static_cast<uint32_t>(minor));
    if (layout == nullptr) {
      std::printf("%s: Python %s has no table row, skipped\n", interpreter.c_str(), version.c_str());
      continue;
    }
    long compared = 0;
    int mismatches = 0;
    for (const CodeDump& c : codes) {
      auto ranges = decodeLineTable(layout->line_format, c.table.data(), c.table.size(), c.first_line);
      EXPECT_EQ(lineAt(ranges, -1), c.first_line) << c.name;
      for (int32_t u = 0; u < c.units; ++u) {
        int32_t got = lineAt(ranges, u);
        if (got != c.lines[u] && ++mismatches <= 20) {
          ADD_FAILURE() << version << " " << c.name << " unit " << u << ": decoded " << got
                        << ", interpreter " << c.lines[u];
        }
        ++compared;
      }
      // The same table cut in half still agrees where it gives a line.
      Bytes half(c.table.begin(), c.table.begin() + static_cast<std::ptrdiff_t>(c.table.size() / 2));
      auto cut = decodeLineTable(layout->line_format, half.data(), half.size(), c.first_line);
      for (const LineRange& r : cut) {
        if (r.end == kOpenEnd) continue;
        for (int32_t u = std::max(r.start, 0); u < r.end && u < c.units; ++u)
          ASSERT_EQ(r.line, c.lines[u]) << version << " " << c.name << " half table, unit " << u;
      }
    }
    EXPECT_EQ(mismatches, 0) << version;
    std::printf("%s (Python %s): %zu code objects, %ld code units compared\n", interpreter.c_str(),
                version.c_str(), codes.size(), compared);
    total += compared;
    ++runs;
  }
  std::printf("total: %ld code units compared over %d interpreters\n", total, runs);
  if (runs == 0) GTEST_SKIP() << "no Python interpreter found at configure time";
}

}  // namespace
}  // namespace pprof::python

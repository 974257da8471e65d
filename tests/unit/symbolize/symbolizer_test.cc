// Symbolizer on the -O2 -g fixture library: names, demangling, lines, inline chains,
// stripped fallbacks, missing modules and the per-address cache.
#include "symbolize/symbolizer.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace pprof {
namespace {

using testing::baseName;
using testing::findFunction;
using testing::markerLine;

constexpr const char* kOuter = "fixture::outerCaller(unsigned int)";
constexpr const char* kMixBits = "fixture::mixBits(unsigned int)";

testing::ElfFunction mustFind(const std::string& lib, const std::string& name) {
  std::optional<testing::ElfFunction> f = findFunction(lib, name);
  EXPECT_TRUE(f.has_value()) << name << " not in " << lib;
  return f.value_or(testing::ElfFunction{});
}

// Every byte address of a function, as a profile of it could contain.
std::vector<uint64_t> addressesOf(const testing::ElfFunction& f) {
  std::vector<uint64_t> out;
  for (uint64_t a = f.address; a < f.address + f.size; ++a) out.push_back(a);
  return out;
}

TEST(Symbolizer, NamesNamespacedFunctionWithDeclLine) {
  testing::ElfFunction outer = mustFind(SYMFIX_LIB, kOuter);
  Symbolizer symbolizer;
  std::vector<SymbolizedAddress> got = symbolizer.resolve({SYMFIX_LIB, ""}, {outer.address});
  ASSERT_EQ(got.size(), 1u);
  const SymbolizedFrame& frame = got[0].frames.back();
  EXPECT_EQ(frame.function, kOuter);
  EXPECT_EQ(frame.system_name, outer.name);
  EXPECT_EQ(baseName(frame.file), "inline_fixture.cc");
  EXPECT_EQ(frame.function_line, markerLine(SYMFIX_SOURCE_CC, "outerCaller-decl"));
  EXPECT_EQ(symbolizer.moduleProblem({SYMFIX_LIB, ""}), "");
}

TEST(Symbolizer, InlinedCalleeFirstThenCallerAtCallLine) {
  testing::ElfFunction outer = mustFind(SYMFIX_LIB, kOuter);
  const uint32_t decl = markerLine(SYMFIX_SOURCE_CC, "mixBits-decl");
  const uint32_t body = markerLine(SYMFIX_SOURCE_CC, "mixBits-body");
  const uint32_t call = markerLine(SYMFIX_SOURCE_CC, "inline-call");
  ASSERT_GT(decl, 0u);
  Symbolizer symbolizer;
  std::vector<SymbolizedAddress> got = symbolizer.resolve({SYMFIX_LIB, ""}, addressesOf(outer));
  int inlined = 0;
  bool saw_body_line = false;
  for (const SymbolizedAddress& address : got) {
    ASSERT_FALSE(address.frames.empty());
    EXPECT_EQ(address.frames.back().function, kOuter);
    if (address.frames.size() < 2) continue;
    ++inlined;
    ASSERT_EQ(address.frames.size(), 2u);
    const SymbolizedFrame& callee = address.frames[0];
    const SymbolizedFrame& caller = address.frames[1];
    EXPECT_EQ(callee.function, kMixBits);
    EXPECT_EQ(callee.system_name, "_ZN7fixture7mixBitsEj");
    EXPECT_EQ(callee.function_line, decl);
    EXPECT_GE(callee.line, decl);
    EXPECT_LE(callee.line, body + 3);
    EXPECT_EQ(baseName(callee.file), "inline_fixture.cc");
    EXPECT_EQ(caller.line, call);
    EXPECT_EQ(baseName(caller.file), "inline_fixture.cc");
    saw_body_line = saw_body_line || callee.line == body;
  }
  EXPECT_GT(inlined, 0) << "no address of outerCaller maps to the inlined mixBits";
  EXPECT_TRUE(saw_body_line);
}

TEST(Symbolizer, CFunctionKeepsPlainName) {
  testing::ElfFunction c = mustFind(SYMFIX_LIB, "plain_c_function");
  const uint32_t body = markerLine(SYMFIX_SOURCE_C, "plain_c-body");
  Symbolizer symbolizer;
  std::vector<SymbolizedAddress> got = symbolizer.resolve({SYMFIX_LIB, ""}, addressesOf(c));
  bool saw_body_line = false;
  for (const SymbolizedAddress& address : got) {
    const SymbolizedFrame& frame = address.frames.back();
    EXPECT_EQ(frame.function, "plain_c_function");
    EXPECT_EQ(frame.system_name, "plain_c_function");
    EXPECT_EQ(baseName(frame.file), "plain_c.c");
    EXPECT_EQ(frame.function_line, markerLine(SYMFIX_SOURCE_C, "plain_c-decl"));
    saw_body_line = saw_body_line || frame.line == body;
  }
  EXPECT_TRUE(saw_body_line);
}

TEST(Symbolizer, NonPieExecutableUsesItsLinkAddresses) {
  testing::ElfFunction outer = mustFind(SYMFIX_PROG, kOuter);
  ASSERT_GE(outer.address, 0x400000u);
  Symbolizer symbolizer;
  int inlined = 0;
  for (const SymbolizedAddress& address : symbolizer.resolve({SYMFIX_PROG, ""}, addressesOf(outer))) {
    EXPECT_EQ(address.frames.back().function, kOuter);
    if (address.frames.size() != 2) continue;
    ++inlined;
    EXPECT_EQ(address.frames[0].function, kMixBits);
    EXPECT_EQ(address.frames[1].line, markerLine(SYMFIX_SOURCE_CC, "inline-call"));
  }
  EXPECT_GT(inlined, 0);
}

TEST(Symbolizer, NonElfFileGivesSyntheticNamesAndProblem) {
  ModuleRef not_elf{SYMFIX_SOURCE_C, ""};
  Symbolizer symbolizer;
  std::vector<SymbolizedAddress> got = symbolizer.resolve(not_elf, {0x10});
  EXPECT_EQ(got[0].frames[0].function, "plain_c.c+0x10");
  EXPECT_EQ(symbolizer.moduleProblem(not_elf), std::string(SYMFIX_SOURCE_C) + ": not an ELF file");
}

TEST(Symbolizer, InlineChainWithoutDebugAranges) {
  const std::string lib = SYMFIX_CLANG;
  if (lib.empty()) GTEST_SKIP() << "clang++ not found at configure time";
  testing::ElfFunction outer = mustFind(lib, kOuter);
  Symbolizer symbolizer;
  int inlined = 0;
  for (const SymbolizedAddress& address : symbolizer.resolve({lib, ""}, addressesOf(outer))) {
    EXPECT_EQ(address.frames.back().function, kOuter);
    EXPECT_EQ(baseName(address.frames.back().file), "inline_fixture.cc");
    if (address.frames.size() != 2) continue;
    ++inlined;
    EXPECT_EQ(address.frames[0].function, kMixBits);
    EXPECT_EQ(address.frames[1].line, markerLine(SYMFIX_SOURCE_CC, "inline-call"));
  }
  EXPECT_GT(inlined, 0);
}

TEST(Symbolizer, FullyStrippedUsesDynsymThenSyntheticNames) {
  testing::ElfFunction c = mustFind(SYMFIX_LIB, "plain_c_function");
  testing::ElfFunction outer = mustFind(SYMFIX_LIB, kOuter);
  // Internal linkage: only in .symtab, which strip --strip-all removed.
  testing::ElfFunction hidden =
      mustFind(SYMFIX_LIB, "fixture::(anonymous namespace)::hiddenHelper(unsigned int)");
  Symbolizer symbolizer;
  std::vector<SymbolizedAddress> got =
      symbolizer.resolve({SYMFIX_STRIPPED, ""}, {c.address + 1, outer.address, hidden.address + 2});
  ASSERT_EQ(got.size(), 3u);
  ASSERT_EQ(got[0].frames.size(), 1u);
  EXPECT_EQ(got[0].frames[0].function, "plain_c_function");
  EXPECT_EQ(got[0].frames[0].file, "");
  EXPECT_EQ(got[1].frames[0].function, kOuter);
  EXPECT_EQ(got[1].frames[0].system_name, outer.name);
  // No symbol covers it: named by the start of its FDE, the function's start.
  char expected[64];
  snprintf(expected, sizeof expected, "libsymfix_stripped.so+0x%llx",
           static_cast<unsigned long long>(hidden.address));
  EXPECT_EQ(got[2].frames[0].function, expected);
  EXPECT_EQ(symbolizer.moduleProblem({SYMFIX_STRIPPED, ""}), "");
}

TEST(Symbolizer, MissingModuleGivesSyntheticNamesAndProblem) {
  ModuleRef missing{"/nonexistent/dir/libnothere.so", ""};
  Symbolizer symbolizer;
  std::vector<SymbolizedAddress> got = symbolizer.resolve(missing, {0x1234, 0xabc0});
  ASSERT_EQ(got.size(), 2u);
  ASSERT_EQ(got[0].frames.size(), 1u);
  EXPECT_EQ(got[0].frames[0].function, "libnothere.so+0x1234");
  EXPECT_EQ(got[1].frames[0].function, "libnothere.so+0xabc0");
  EXPECT_EQ(got[1].frames[0].line, 0u);
  EXPECT_EQ(symbolizer.moduleProblem(missing),
            "open /nonexistent/dir/libnothere.so: No such file or directory");
}

TEST(Symbolizer, OneResultPerAddressEvenOutsideAnyFunction) {
  testing::ElfFunction c = mustFind(SYMFIX_LIB, "plain_c_function");
  Symbolizer symbolizer;
  std::vector<uint64_t> addresses{0, c.address, uint64_t{1} << 40};
  std::vector<SymbolizedAddress> got = symbolizer.resolve({SYMFIX_LIB, ""}, addresses);
  ASSERT_EQ(got.size(), 3u);
  for (const SymbolizedAddress& address : got) ASSERT_FALSE(address.frames.empty());
  EXPECT_EQ(got[2].frames[0].function, "libsymfix.so+0x10000000000");
  EXPECT_EQ(got[1].frames[0].function, "plain_c_function");
}

TEST(Symbolizer, ResolvesEachUniqueAddressOnce) {
  testing::ElfFunction c = mustFind(SYMFIX_LIB, "plain_c_function");
  Symbolizer symbolizer;
  ModuleRef lib{SYMFIX_LIB, ""};
  std::vector<SymbolizedAddress> first = symbolizer.resolve(lib, {c.address, c.address, c.address + 1});
  std::vector<SymbolizedAddress> second = symbolizer.resolve(lib, {c.address});
  EXPECT_EQ(first[0].frames[0].function, second[0].frames[0].function);
  SymbolizerStats stats = symbolizer.stats();
  EXPECT_EQ(stats.modules_opened, 1u);
  EXPECT_EQ(stats.addresses_resolved, 2u);
  EXPECT_EQ(stats.cache_hits, 2u);
}

}  // namespace
}  // namespace pprof

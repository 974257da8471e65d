// Code without symbols is named by function, not by address: every address inside one FDE of
// .eh_frame gets "module+0x<function start>" (symbolize/function_bounds.h). Fixtures: stripped
// copies of a library and of a non-PIE executable exporting its globals (like Debian's
// python3.11), whose unstripped originals say where each function really is.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

#include "symbolize/symbolizer.h"
#include "test_support.h"

namespace pprof {
namespace {

using testing::ElfFunction;

std::string named(const std::string& module_base, uint64_t offset) {
  char text[32];
  std::snprintf(text, sizeof text, "+0x%llx", static_cast<unsigned long long>(offset));
  return module_base + text;
}

ElfFunction mustFind(const std::string& elf, const std::string& name) {
  std::optional<ElfFunction> f = testing::findFunction(elf, name);
  EXPECT_TRUE(f.has_value()) << name << " not in " << elf;
  return f.value_or(ElfFunction{});
}

std::vector<uint64_t> addressesOf(const ElfFunction& f) {
  std::vector<uint64_t> out;
  for (uint64_t a = f.address; a < f.address + f.size; ++a) out.push_back(a);
  return out;
}

// Every address of `f` resolved in `stripped` is one frame named `expected`.
void expectAllNamed(Symbolizer& symbolizer, const std::string& stripped, const ElfFunction& f,
                    const std::string& expected) {
  ASSERT_GT(f.size, 0u) << f.name;
  std::vector<SymbolizedAddress> got = symbolizer.resolve({stripped, ""}, addressesOf(f));
  ASSERT_EQ(got.size(), f.size);
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].frames.size(), 1u);
    EXPECT_EQ(got[i].frames[0].function, expected) << f.name << "+" << i;
    EXPECT_EQ(got[i].frames[0].system_name, expected);
  }
}

TEST(FunctionBounds, StrippedLibraryNamesStaticFunctionsByTheirStart) {
  Symbolizer symbolizer;
  for (const char* name : {"static_first", "static_second", "static_third", "asm_static"}) {
    ElfFunction f = mustFind(SYMFIX_FDE_LIB, name);
    expectAllNamed(symbolizer, SYMFIX_FDE_STRIPPED, f, named("libsymfix_fde_stripped.so", f.address));
  }
  // Exports keep their .dynsym names.
  for (const char* name : {"exported_a", "exported_b", "exported_c"}) {
    expectAllNamed(symbolizer, SYMFIX_FDE_STRIPPED, mustFind(SYMFIX_FDE_LIB, name), name);
  }
  EXPECT_EQ(symbolizer.moduleProblem({SYMFIX_FDE_STRIPPED, ""}), "");
}

// The case of stripped executables: the nearest .dynsym symbol below a static function is an
// export that ends before it. The export's name would be wrong; the FDE gives the right start.
TEST(FunctionBounds, StaticFunctionPastAnExportsSizeIsNotNamedAfterIt) {
  std::vector<ElfFunction> dynsym;
  for (const ElfFunction& f : testing::allFunctions(SYMFIX_FDE_PROG_STRIPPED)) {
    if (f.dynamic && f.size > 0) dynsym.push_back(f);
  }
  ASSERT_FALSE(dynsym.empty()) << "fixture executable exports nothing (-rdynamic?)";
  Symbolizer symbolizer;
  int checked = 0;
  for (const char* name : {"static_first", "static_second", "static_third"}) {
    ElfFunction f = mustFind(SYMFIX_FDE_PROG, name);
    const ElfFunction* before = nullptr;
    for (const ElfFunction& e : dynsym) {
      if (e.address < f.address && (before == nullptr || e.address > before->address)) before = &e;
    }
    if (before == nullptr) continue;  // laid out before every export: not this case
    ASSERT_LE(before->address + before->size, f.address);
    ++checked;
    expectAllNamed(symbolizer, SYMFIX_FDE_PROG_STRIPPED, f,
                   named("symfix_fde_prog_stripped", f.address));
  }
  EXPECT_GT(checked, 0) << "no static function lies after an export in the fixture";
  expectAllNamed(symbolizer, SYMFIX_FDE_PROG_STRIPPED, mustFind(SYMFIX_FDE_PROG, "exported_b"),
                 "exported_b");
}

// An export without st_size is taken to reach the next symbol; a function with its own FDE in
// between is another function (assembly: the local asm_static, and the static C functions).
TEST(FunctionBounds, UnsizedExportDoesNotSwallowTheFunctionsAfterIt) {
  ElfFunction unsized = mustFind(SYMFIX_FDE_LIB, "asm_unsized");
  ASSERT_EQ(unsized.size, 0u);
  ElfFunction after = mustFind(SYMFIX_FDE_LIB, "asm_static");
  ASSERT_GT(after.address, unsized.address);
  Symbolizer symbolizer;
  std::vector<SymbolizedAddress> got =
      symbolizer.resolve({SYMFIX_FDE_STRIPPED, ""}, {unsized.address, unsized.address + 2, after.address + 3});
  EXPECT_EQ(got[0].frames[0].function, "asm_unsized");
  EXPECT_EQ(got[1].frames[0].function, "asm_unsized");
  EXPECT_EQ(got[2].frames[0].function, named("libsymfix_fde_stripped.so", after.address));
}

TEST(FunctionBounds, AddressNoFdeCoversKeepsItsOwnOffset) {
  Symbolizer symbolizer;
  // The ELF header and an address far past the file: no FDE covers them.
  std::vector<SymbolizedAddress> got =
      symbolizer.resolve({SYMFIX_FDE_STRIPPED, ""}, {0x10, uint64_t{1} << 40});
  EXPECT_EQ(got[0].frames[0].function, "libsymfix_fde_stripped.so+0x10");
  EXPECT_EQ(got[1].frames[0].function, "libsymfix_fde_stripped.so+0x10000000000");
}

// Debian's python3.11 (stripped, non-PIE, globals exported) against its detached debug info
// (python3.11-dbg): with .dynsym only, every function must either carry its true name or the
// module+start name of its own FDE, never a neighbour's name.
TEST(FunctionBounds, DebianPythonWithoutDebugInfoNeverBorrowsANeighboursName) {
  const std::string exe = "/usr/bin/python3.11";
  std::string build_id = testing::buildIdOf(exe);
  if (build_id.size() < 3) GTEST_SKIP() << exe << " not installed";
  const std::string debug = "/usr/lib/debug/.build-id/" + build_id.substr(0, 2) + "/" +
                            build_id.substr(2) + ".debug";
  if (access(debug.c_str(), R_OK) != 0) GTEST_SKIP() << "python3.11-dbg not installed";
  std::vector<ElfFunction> truth;
  for (const ElfFunction& f : testing::allFunctions(debug)) {
    if (!f.dynamic && f.size > 0) truth.push_back(f);
  }
  ASSERT_GT(truth.size(), 1000u);
  std::sort(truth.begin(), truth.end(),
            [](const ElfFunction& a, const ElfFunction& b) { return a.address < b.address; });
  truth.erase(std::unique(truth.begin(), truth.end(),
                          [](const ElfFunction& a, const ElfFunction& b) { return a.address == b.address; }),
              truth.end());
  std::vector<uint64_t> middles;
  for (const ElfFunction& f : truth) middles.push_back(f.address + f.size / 2);

  testing::TempDir no_debug;
  Symbolizer symbolizer;
  symbolizer.setDebugSearchPath(no_debug.path());  // .dynsym and .eh_frame only
  std::vector<SymbolizedAddress> got = symbolizer.resolve({exe, build_id}, middles);
  size_t by_name = 0, by_start = 0, wrong = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    const std::string& function = got[i].frames.back().function;
    if (got[i].frames.back().system_name == truth[i].name) {
      ++by_name;
    } else if (function == named("python3.11", truth[i].address)) {
      ++by_start;
    } else if (++wrong <= 5) {
      ADD_FAILURE() << truth[i].name << " at 0x" << std::hex << truth[i].address << " named " << function;
    }
  }
  EXPECT_EQ(wrong, 0u) << "of " << truth.size() << " (" << by_name << " by name, " << by_start << " by start)";
  EXPECT_GT(by_start, truth.size() / 2) << "static functions should be named by their FDE start";
}

}  // namespace
}  // namespace pprof

// Separate debug info found by build-id under a configurable debug directory, and the
// build-id fallback when the mapped file is gone or was replaced.
#include <gtest/gtest.h>

#include <filesystem>

#include "symbolize/symbolizer.h"
#include "test_support.h"

namespace pprof {
namespace {

namespace fs = std::filesystem;
using testing::baseName;
using testing::markerLine;

constexpr const char* kOuter = "fixture::outerCaller(unsigned int)";

// DIR/.build-id/xx/rest.debug, the layout of Debian's -dbg packages.
void installDebugFile(const std::string& dir, const std::string& build_id) {
  fs::path target = fs::path(dir) / ".build-id" / build_id.substr(0, 2) / (build_id.substr(2) + ".debug");
  fs::create_directories(target.parent_path());
  fs::copy_file(SYMFIX_SPLIT_DEBUG, target);
}

class SplitDebug : public ::testing::Test {
 protected:
  void SetUp() override {
    std::optional<testing::ElfFunction> f = testing::findFunction(SYMFIX_LIB, kOuter);
    ASSERT_TRUE(f.has_value());
    outer_ = *f;
    build_id_ = testing::buildIdOf(SYMFIX_SPLIT);
    ASSERT_FALSE(build_id_.empty()) << "fixture linked without --build-id";
    ASSERT_FALSE(dir_.path().empty());
  }

  testing::ElfFunction outer_;
  std::string build_id_;
  testing::TempDir dir_;
};

TEST_F(SplitDebug, WithoutDebugFileOnlySymtabNames) {
  Symbolizer symbolizer;
  symbolizer.setDebugSearchPath(dir_.path());  // empty: nothing to find
  std::vector<SymbolizedAddress> got = symbolizer.resolve({SYMFIX_SPLIT, build_id_}, {outer_.address});
  ASSERT_EQ(got[0].frames.size(), 1u);
  EXPECT_EQ(got[0].frames[0].function, kOuter);
  EXPECT_EQ(got[0].frames[0].file, "");
  EXPECT_EQ(got[0].frames[0].line, 0u);
}

TEST_F(SplitDebug, FindsDebugFileByBuildId) {
  installDebugFile(dir_.path(), build_id_);
  Symbolizer symbolizer;
  symbolizer.setDebugSearchPath(dir_.path());
  std::vector<SymbolizedAddress> got = symbolizer.resolve({SYMFIX_SPLIT, build_id_}, {outer_.address});
  const SymbolizedFrame& frame = got[0].frames.back();
  EXPECT_EQ(frame.function, kOuter);
  EXPECT_EQ(baseName(frame.file), "inline_fixture.cc");
  EXPECT_GT(frame.line, 0u);
  EXPECT_EQ(frame.function_line, markerLine(SYMFIX_SOURCE_CC, "outerCaller-decl"));
}

TEST_F(SplitDebug, InlineChainFromDebugFile) {
  installDebugFile(dir_.path(), build_id_);
  Symbolizer symbolizer;
  symbolizer.setDebugSearchPath(dir_.path());
  std::vector<uint64_t> addresses;
  for (uint64_t a = outer_.address; a < outer_.address + outer_.size; ++a) addresses.push_back(a);
  int inlined = 0;
  for (const SymbolizedAddress& address : symbolizer.resolve({SYMFIX_SPLIT, build_id_}, addresses)) {
    if (address.frames.size() != 2) continue;
    ++inlined;
    EXPECT_EQ(address.frames[0].function, "fixture::mixBits(unsigned int)");
    EXPECT_EQ(address.frames[1].line, markerLine(SYMFIX_SOURCE_CC, "inline-call"));
  }
  EXPECT_GT(inlined, 0);
}

TEST_F(SplitDebug, DeletedModuleResolvedFromDebugFileByBuildId) {
  installDebugFile(dir_.path(), build_id_);
  Symbolizer symbolizer;
  symbolizer.setDebugSearchPath(dir_.path());
  ModuleRef gone{"/nonexistent/old/libsymfix_split.so", build_id_};
  std::vector<SymbolizedAddress> got = symbolizer.resolve(gone, {outer_.address});
  EXPECT_EQ(got[0].frames.back().function, kOuter);
  EXPECT_EQ(baseName(got[0].frames.back().file), "inline_fixture.cc");
  EXPECT_EQ(symbolizer.moduleProblem(gone), "");
}

// .gnu_debuglink: the debug file named by the module, beside it or in its .debug/ directory
// (the debuginfo_path elements "" and ".debug"); the build-id directory holds nothing here.
TEST_F(SplitDebug, FindsDebugFileByDebuglink) {
  for (const char* subdir : {"", ".debug"}) {
    testing::TempDir dir;
    fs::path module = fs::path(dir.path()) / "libsymfix_linked.so";
    fs::copy_file(SYMFIX_LINKED, module);
    fs::create_directories(fs::path(dir.path()) / subdir);
    fs::copy_file(SYMFIX_SPLIT_DEBUG, fs::path(dir.path()) / subdir / baseName(SYMFIX_SPLIT_DEBUG));
    Symbolizer symbolizer;
    symbolizer.setDebugSearchPath(":.debug:" + dir_.path());
    std::vector<SymbolizedAddress> got =
        symbolizer.resolve({module.string(), testing::buildIdOf(module.string())}, {outer_.address});
    const SymbolizedFrame& frame = got[0].frames.back();
    EXPECT_EQ(frame.function, kOuter) << "in '" << subdir << "'";
    EXPECT_EQ(baseName(frame.file), "inline_fixture.cc") << "in '" << subdir << "'";
    EXPECT_GT(frame.line, 0u) << "in '" << subdir << "'";
  }
}

TEST_F(SplitDebug, ReplacedModuleWithoutDebugFileIsNotMisnamed) {
  Symbolizer symbolizer;
  symbolizer.setDebugSearchPath(dir_.path());
  ModuleRef replaced{SYMFIX_SPLIT, std::string(build_id_.size(), '0')};
  std::vector<SymbolizedAddress> got = symbolizer.resolve(replaced, {outer_.address});
  EXPECT_EQ(got[0].frames[0].function.rfind("libsymfix_split.so+0x", 0), 0u);
  EXPECT_NE(symbolizer.moduleProblem(replaced).find("build-id"), std::string::npos);
}

}  // namespace
}  // namespace pprof

namespace pprof {
namespace {

// Debian's /usr/bin/python3.11 is stripped (.dynsym only); python3.11-dbg installs its debug
// file under /usr/lib/debug/.build-id. Its static functions must get names and lines from it.
TEST(DebianPythonDebugInfo, StaticFunctionsNamedFromBuildIdDebugFile) {
  const std::string exe = "/usr/bin/python3.11";
  std::string build_id = testing::buildIdOf(exe);
  if (build_id.size() < 3) GTEST_SKIP() << exe << " not installed";
  const std::string debug = "/usr/lib/debug/.build-id/" + build_id.substr(0, 2) + "/" +
                            build_id.substr(2) + ".debug";
  if (!fs::exists(debug)) GTEST_SKIP() << "python3.11-dbg not installed";
  std::vector<uint64_t> addresses;
  for (const testing::ElfFunction& f : testing::allFunctions(debug)) {
    if (f.local && f.size > 0 && f.name.find(".cold") == std::string::npos) addresses.push_back(f.address + f.size / 2);
  }
  ASSERT_GT(addresses.size(), 1000u);
  Symbolizer symbolizer;  // default search path: /usr/lib/debug
  std::vector<SymbolizedAddress> got = symbolizer.resolve({exe, build_id}, addresses);
  size_t with_line = 0, synthetic = 0;
  for (const SymbolizedAddress& address : got) {
    if (address.frames.back().function.rfind("python3.11+0x", 0) == 0) ++synthetic;
    if (!address.frames.front().file.empty() && address.frames.front().line > 0) ++with_line;
  }
  EXPECT_EQ(synthetic, 0u) << "of " << addresses.size();
  EXPECT_GT(with_line, addresses.size() * 95 / 100) << "of " << addresses.size();
}

}  // namespace
}  // namespace pprof

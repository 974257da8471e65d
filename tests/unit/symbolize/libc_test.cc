// The real thing: glibc with Debian's libc6-dbg (separate debug info by build-id under
// /usr/lib/debug). Skipped, not failed, where the debug package is missing.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "symbolize/symbolizer.h"
#include "test_support.h"

namespace pprof {
namespace {

struct LibcAddress {
  ModuleRef module;
  uint64_t address = 0;  // ELF vaddr
};

// libc's own definition (dlsym on libc's handle), not a sanitizer's interceptor of it.
LibcAddress libcAddressOf(const char* symbol) {
  void* libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
  void* code = libc != nullptr ? dlsym(libc, symbol) : nullptr;
  if (libc != nullptr) dlclose(libc);
  Dl_info info{};
  if (dladdr(code, &info) == 0 || info.dli_fname == nullptr) return {};
  std::string path = std::filesystem::canonical(info.dli_fname).string();
  uint64_t vaddr = reinterpret_cast<uintptr_t>(code) - reinterpret_cast<uintptr_t>(info.dli_fbase);
  return {ModuleRef{path, testing::buildIdOf(path)}, vaddr};
}

bool hasLibcDebugInfo(const ModuleRef& libc) {
  const std::string& id = libc.build_id;
  return id.size() > 2 &&
         std::filesystem::exists("/usr/lib/debug/.build-id/" + id.substr(0, 2) + "/" + id.substr(2) + ".debug");
}

TEST(LibcSymbols, QsortHasSourceLineFromDebugPackage) {
  LibcAddress qsort_entry = libcAddressOf("qsort");
  ASSERT_FALSE(qsort_entry.module.path.empty());
  if (!hasLibcDebugInfo(qsort_entry.module)) GTEST_SKIP() << "libc6-dbg not installed";
  Symbolizer symbolizer;
  std::vector<SymbolizedAddress> got =
      symbolizer.resolve(qsort_entry.module, {qsort_entry.address + 4});
  const SymbolizedFrame& frame = got[0].frames.back();
  EXPECT_NE(frame.function.find("qsort"), std::string::npos) << frame.function;
  EXPECT_EQ(testing::baseName(frame.file), "msort.c");
  EXPECT_GT(frame.line, 0u);
  EXPECT_EQ(symbolizer.moduleProblem(qsort_entry.module), "");
}

TEST(LibcSymbols, AssemblyMemcpyHasNameAndLine) {
  // memcpy is an IFUNC: dlsym gives the selected assembly implementation.
  LibcAddress impl = libcAddressOf("memcpy");
  ASSERT_FALSE(impl.module.path.empty());
  if (!hasLibcDebugInfo(impl.module)) GTEST_SKIP() << "libc6-dbg not installed";
  Symbolizer symbolizer;
  std::vector<SymbolizedAddress> got = symbolizer.resolve(impl.module, {impl.address + 8});
  ASSERT_EQ(got[0].frames.size(), 1u);
  const SymbolizedFrame& frame = got[0].frames[0];
  EXPECT_TRUE(frame.function.find("mem") != std::string::npos) << frame.function;
  EXPECT_EQ(frame.function.find("+0x"), std::string::npos) << frame.function;
  EXPECT_EQ(std::filesystem::path(frame.file).extension(), ".S") << frame.file;
  EXPECT_GT(frame.line, 0u);
}

// Manual benchmark (not a test): run with --gtest_also_run_disabled_tests.
TEST(LibcSymbols, DISABLED_ThroughputOf100kUniqueAddresses) {
  LibcAddress base = libcAddressOf("qsort");
  std::vector<uint64_t> addresses;
  for (uint64_t i = 0; i < 100000; ++i) addresses.push_back(0x28000 + i * 13);
  Symbolizer symbolizer;
  auto start = std::chrono::steady_clock::now();
  std::vector<SymbolizedAddress> got = symbolizer.resolve(base.module, addresses);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t with_line = 0, frames = 0;
  for (const SymbolizedAddress& a : got) {
    with_line += a.frames[0].line != 0;
    frames += a.frames.size();
  }
  printf("%zu addresses in %.3f s, %zu with a line, %zu frames\n", got.size(), seconds, with_line, frames);
}

}  // namespace
}  // namespace pprof

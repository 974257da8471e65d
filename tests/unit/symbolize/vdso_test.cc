// "[vdso]" modules have no file: they are symbolized from this process's own vDSO image.
#include <gtest/gtest.h>

#include "symbolize/symbolizer.h"
#include "symbolize/vdso_image.h"
#include "test_support.h"

namespace pprof {
namespace {

TEST(VdsoSymbols, ResolvedFromThisProcessImage) {
  Result<std::string> image = symbolize::vdsoImageFile();
  ASSERT_TRUE(image.isOk()) << image.message();
  std::optional<testing::ElfFunction> function =
      testing::findFunction(image.value(), "__vdso_clock_gettime");
  ASSERT_TRUE(function.has_value()) << "no __vdso_clock_gettime in " << image.value();

  Symbolizer symbolizer;
  ModuleRef vdso{"[vdso]", testing::buildIdOf(image.value())};
  std::vector<SymbolizedAddress> out = symbolizer.resolve(vdso, {function->address + 1});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].frames.back().function, "__vdso_clock_gettime");
  EXPECT_EQ(symbolizer.moduleProblem(vdso), "");
}

TEST(VdsoSymbols, AnotherKernelsImageIsNotTrusted) {
  Symbolizer symbolizer;
  ModuleRef foreign{"[vdso]", "00112233445566778899aabbccddeeff00112233"};
  std::vector<SymbolizedAddress> out = symbolizer.resolve(foreign, {0x900});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].frames.back().function, "[vdso]+0x900");
  EXPECT_NE(symbolizer.moduleProblem(foreign).find("another kernel"), std::string::npos);
}

}  // namespace
}  // namespace pprof

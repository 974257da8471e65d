// Goldens of the exports of sampleProfile (UPDATE_GOLDEN=1 rewrites them): collapsed text,
// speedscope JSON, and the dump of what the pprof importer makes of our pprof export.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "formats/collapsed.h"
#include "formats/pprof_export.h"
#include "formats/pprof_import.h"
#include "formats/speedscope.h"
#include "sample_profiles.h"

namespace pprof::formats {
namespace {

TEST(FormatsGolden, Collapsed) { testing::checkGolden("sample.collapsed", encodeCollapsed(testing::sampleProfile())); }

TEST(FormatsGolden, Speedscope) {
  std::string text = encodeSpeedscope(testing::sampleProfile(), "sample.prof");
  testing::checkGolden("sample.speedscope.json", nlohmann::json::parse(text).dump(1) + "\n");
}

TEST(FormatsGolden, PprofImportOfOurExport) {
  Result<std::string> bytes = encodePprof(testing::sampleProfile());
  ASSERT_TRUE(bytes.isOk()) << bytes.message();
  Result<Profile> back = parsePprof(bytes.value(), "sample.pb.gz");
  ASSERT_TRUE(back.isOk()) << back.message();
  testing::checkGolden("sample_pprof_roundtrip.txt", dumpText(back.value()));
}

TEST(FormatsGolden, PprofExportIsDeterministic) {
  Result<std::string> a = encodePprof(testing::sampleProfile(), {.gzip = false});
  Result<std::string> b = encodePprof(testing::sampleProfile(), {.gzip = false});
  ASSERT_TRUE(a.isOk() && b.isOk());
  EXPECT_EQ(a.value(), b.value());
}

}  // namespace
}  // namespace pprof::formats

// The regions_only key (profiler API: sample only while a region is open), and the way the API
// reuses the parser for pprof_start_options (the socket given last wins).
#include <gtest/gtest.h>

#include "config.h"

namespace pprof::sampler {
namespace {

TEST(SamplerConfigRegions, RegionsOnlyIsAFlag) {
  Config c;
  ASSERT_TRUE(parseConfig("socket=s", &c));
  EXPECT_FALSE(c.regions_only);
  ASSERT_TRUE(parseConfig("socket=s;regions_only=1", &c));
  EXPECT_TRUE(c.regions_only);
  ASSERT_TRUE(parseConfig("regions_only=0;socket=s", &c));
  EXPECT_FALSE(c.regions_only);
  EXPECT_FALSE(parseConfig("socket=s;regions_only=yes", &c));
  EXPECT_FALSE(parseConfig("socket=s;regions_only=", &c));
}

TEST(SamplerConfigRegions, ApiOptionsThenItsOwnSocket) {
  Config c;
  ASSERT_TRUE(parseConfig("hz=4000;mode=wall;socket=user;socket=pending", &c));
  EXPECT_STREQ(c.socket_name, "pending");
  EXPECT_EQ(c.hz, 4000u);
  ASSERT_TRUE(parseConfig(";socket=pending", &c));  // no options at all
  EXPECT_FALSE(parseConfig("hz=lots;socket=pending", &c));
}

}  // namespace
}  // namespace pprof::sampler

#include "config.h"

#include <gtest/gtest.h>

#include <cstring>

namespace pprof::sampler {
namespace {

TEST(SamplerConfig, ParsesAllKeys) {
  Config c;
  ASSERT_TRUE(parseConfig("socket=pprof-1;hz=4000;mode=wall;drain_ms=20;bench=empty-handler;"
                          "clock=posix;signal=40;ring_kib=64;scan_ms=100;debug=1", &c));
  EXPECT_STREQ(c.socket_name, "pprof-1");
  EXPECT_EQ(c.hz, 4000u);
  EXPECT_EQ(c.mode, ConfigMode::kWall);
  EXPECT_EQ(c.drain_ms, 20u);
  EXPECT_EQ(c.bench, BenchMode::kEmptyHandler);
  EXPECT_EQ(c.clock, ClockChoice::kPosix);
  EXPECT_EQ(c.signal, 40);
  EXPECT_EQ(c.ring_kib, 64u);
  EXPECT_EQ(c.scan_ms, 100u);
  EXPECT_TRUE(c.debug);
}

TEST(SamplerConfig, DefaultsAndTolerance) {
  Config c;
  ASSERT_TRUE(parseConfig("socket=x;;", &c));
  EXPECT_EQ(c.hz, 1000u);
  EXPECT_EQ(c.mode, ConfigMode::kCpu);
  EXPECT_EQ(c.drain_ms, 50u);
  EXPECT_EQ(c.bench, BenchMode::kNone);
}

TEST(SamplerConfig, RejectsMalformedInput) {
  Config c;
  EXPECT_FALSE(parseConfig(nullptr, &c));
  EXPECT_FALSE(parseConfig("", &c));
  EXPECT_FALSE(parseConfig("hz=1000", &c));  // socket is required
  EXPECT_FALSE(parseConfig("socket=x;hz=0", &c));
  EXPECT_FALSE(parseConfig("socket=x;hz=12a", &c));
  EXPECT_FALSE(parseConfig("socket=x;mode=fast", &c));
  EXPECT_FALSE(parseConfig("socket=x;colour=blue", &c));
  EXPECT_FALSE(parseConfig("socket=x;hz", &c));
  EXPECT_FALSE(parseConfig("socket=", &c));
  std::string long_name = "socket=" + std::string(200, 'a');
  EXPECT_FALSE(parseConfig(long_name.c_str(), &c));
}

}  // namespace
}  // namespace pprof::sampler

// Checks every captured sampler stream must pass, whatever the workload.
#pragma once

#include <gtest/gtest.h>

#include "wire_capture.h"

namespace pprof::sampler::test {

// Hello first, nothing malformed, every PC inside a module announced before it.
inline void expectWellFormed(const Connection& c) {
  ASSERT_FALSE(c.record_types.empty());
  EXPECT_EQ(c.record_types.front(), static_cast<uint16_t>(wire::RecordType::kHello));
  EXPECT_TRUE(c.has_hello);
  EXPECT_FALSE(c.malformed);
  EXPECT_EQ(c.pcs_outside_known_modules, 0u);
  EXPECT_EQ(c.hello.protocol_version, wire::kProtocolVersion);
}

}  // namespace pprof::sampler::test

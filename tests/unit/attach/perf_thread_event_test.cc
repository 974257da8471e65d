#include "attach/perf_thread_event.h"

#include <gtest/gtest.h>

namespace pprof::attach {
namespace {

TEST(RingPages, HoldAboutFiftyMillisecondsWithinTheBudget) {
  constexpr uint64_t k199Hz = 1'000'000'000 / 199, k999Hz = 1'000'000'000 / 999;
  EXPECT_EQ(ringPagesFor(16384, k199Hz, 1), 64u);     // 10 samples of ~16.6 KiB
  EXPECT_EQ(ringPagesFor(16384, k199Hz, 100), 64u);   // 25 MiB for 100 threads
  EXPECT_EQ(ringPagesFor(16384, k999Hz, 10), 256u);   // capped at 1 MiB
  EXPECT_EQ(ringPagesFor(16384, k999Hz, 100), 128u);  // 64 MiB budget
  EXPECT_EQ(ringPagesFor(16384, k199Hz, 5000), 8u);   // never below 8 pages
  EXPECT_EQ(ringPagesFor(16384, 1'000'000'000, 1), 8u);
}

}  // namespace
}  // namespace pprof::attach

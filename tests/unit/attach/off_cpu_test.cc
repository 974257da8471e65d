#include "attach/off_cpu.h"

#include <gtest/gtest.h>

namespace pprof::attach {
namespace {

constexpr uint64_t kMs = 1'000'000;
constexpr uint64_t kPeriod = 5 * kMs;

TEST(OffCpu, FirstReadingIsTheBaseline) {
  OffCpuClock clock;
  OffCpuPeriods p = clock.advance(1000 * kMs, 10 * kMs, 0, kPeriod);
  EXPECT_EQ(p.sleeping, 0u);
  EXPECT_EQ(p.waiting, 0u);
}

TEST(OffCpu, SleepingAndWaitingSplitTheTimeOffCpu) {
  OffCpuClock clock;
  clock.advance(0, 0, 0, kPeriod);
  // 50 ms wall: 10 on CPU, 15 waiting for a CPU, 25 asleep.
  OffCpuPeriods p = clock.advance(50 * kMs, 10 * kMs, 15 * kMs, kPeriod);
  EXPECT_EQ(p.waiting, 3u);
  EXPECT_EQ(p.sleeping, 5u);
}

TEST(OffCpu, RemaindersCarryOver) {
  OffCpuClock clock;
  clock.advance(0, 0, 0, kPeriod);
  uint32_t sleeping = 0;
  // 3 ms asleep per tick: 100 ticks = 300 ms = 60 periods, none lost to rounding.
  for (uint64_t tick = 1; tick <= 100; ++tick) sleeping += clock.advance(tick * 3 * kMs, 0, 0, kPeriod).sleeping;
  EXPECT_EQ(sleeping, 60u);
}

TEST(OffCpu, LaggingCpuFigureIsMadeUpLater) {
  OffCpuClock clock;
  clock.advance(0, 0, 0, kPeriod);
  // The kernel's CPU time of a running thread lags: 50 ms wall but it reports only 40 ms ...
  EXPECT_EQ(clock.advance(50 * kMs, 40 * kMs, 0, kPeriod).sleeping, 2u);
  // ... and catches up: 60 ms more CPU in 50 ms wall. The 10 ms counted as sleep above come back.
  EXPECT_EQ(clock.advance(100 * kMs, 100 * kMs, 0, kPeriod).sleeping, 0u);
  EXPECT_EQ(clock.advance(150 * kMs, 100 * kMs, 0, kPeriod).sleeping, 8u);  // 50 - 10 owed = 40 ms
}

TEST(OffCpu, CountersGoingBackwardsRestartTheBaseline) {
  OffCpuClock clock;
  clock.advance(100 * kMs, 50 * kMs, 0, kPeriod);
  EXPECT_EQ(clock.advance(200 * kMs, 10 * kMs, 0, kPeriod).sleeping, 0u);
  EXPECT_EQ(clock.advance(250 * kMs, 10 * kMs, 0, kPeriod).sleeping, 10u);
}

}  // namespace
}  // namespace pprof::attach

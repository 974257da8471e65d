#include "attach/state_frames.h"

#include <gtest/gtest.h>

namespace pprof::attach {
namespace {

TEST(StateFrames, ProcLettersMapToStates) {
  EXPECT_EQ(stateFromProcLetter('S'), ThreadState::kSleeping);
  EXPECT_EQ(stateFromProcLetter('D'), ThreadState::kDiskWait);
  EXPECT_EQ(stateFromProcLetter('R'), ThreadState::kWaitingForCpu);
  EXPECT_EQ(stateFromProcLetter('t'), ThreadState::kStopped);
  EXPECT_EQ(stateFromProcLetter('T'), ThreadState::kStopped);
  EXPECT_EQ(stateFromProcLetter('Z'), ThreadState::kOther);
}

TEST(StateFrames, AddressesLieInsideTheSyntheticModuleAndNeverInUserSpace) {
  RemoteModule m = offCpuModule();
  EXPECT_EQ(m.path, kOffCpuModuleName);
  for (ThreadState s : {ThreadState::kSleeping, ThreadState::kDiskWait, ThreadState::kWaitingForCpu,
                        ThreadState::kStopped, ThreadState::kOther}) {
    uint64_t a = stateFrameAddress(s);
    EXPECT_GE(a, m.start);
    EXPECT_LT(a, m.end);
    EXPECT_GT(a, 0x00007fffffffffffull);  // above every user-space address
  }
}

TEST(StateFrames, ResolverNamesStatesAndPassesOtherModulesOn) {
  int inner_calls = 0;
  collector::ResolveFn resolve = withStateFrames([&](const ModuleRef& module, const std::vector<uint64_t>& a) {
    ++inner_calls;
    EXPECT_EQ(module.path, "/lib/libc.so.6");
    return std::vector<SymbolizedAddress>(a.size(), SymbolizedAddress{{SymbolizedFrame{"read", "read", "", 0, 0}}});
  });
  auto states = resolve(ModuleRef{kOffCpuModuleName, ""},
                        {stateFrameAddress(ThreadState::kSleeping), stateFrameAddress(ThreadState::kDiskWait),
                         stateFrameAddress(ThreadState::kWaitingForCpu), 0x1234});
  ASSERT_EQ(states.size(), 4u);
  EXPECT_EQ(states[0].frames.at(0).function, "[off-cpu: sleeping]");
  EXPECT_EQ(states[1].frames.at(0).function, "[off-cpu: uninterruptible (D)]");
  EXPECT_EQ(states[2].frames.at(0).function, "[off-cpu: waiting for a CPU]");
  EXPECT_EQ(states[3].frames.at(0).function, "[off-cpu]");
  EXPECT_EQ(inner_calls, 0);
  auto libc = resolve(ModuleRef{"/lib/libc.so.6", "ab"}, {1, 2});
  EXPECT_EQ(inner_calls, 1);
  EXPECT_EQ(libc.at(1).frames.at(0).function, "read");
}

}  // namespace
}  // namespace pprof::attach

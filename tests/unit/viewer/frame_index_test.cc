// Stack expansion and frame identity.
#include <gtest/gtest.h>

#include "analysis/frame_index.h"
#include "support/profile_builder.h"

namespace pprof::analysis {
namespace {

using pprof::testing::ProfileBuilder;

std::vector<std::string> expandedNames(const Profile& p, const FrameIndex& index, uint32_t stack) {
  std::vector<FrameRef> refs;
  index.expandStack(p, stack, refs);
  std::vector<std::string> names;
  for (const auto& ref : refs) names.push_back(index.frame(ref.frame).name);
  return names;
}

TEST(FrameIndex, ExpandsInlineChainsLeafFirstInnermostFirst) {
  ProfileBuilder b;
  uint32_t lib = b.module("/opt/lib/libk.so");
  uint32_t fmain = b.function("main"), fouter = b.function("outer"), fkernel = b.function("kernel");
  uint32_t lmain = b.location({fmain});
  uint32_t lfused = b.location({fkernel, fouter});
  uint32_t lraw = b.unsymbolized(lib, 0xbeef);
  uint32_t s = b.stack({lraw, lfused, lmain});
  auto index = FrameIndex::build(b.profile());
  EXPECT_EQ(expandedNames(b.profile(), index, s),
            (std::vector<std::string>{"libk.so+0xbeef", "kernel", "outer", "main"}));
}

TEST(FrameIndex, KeepsLineNumbersOfEachInlineLevel) {
  ProfileBuilder b;
  uint32_t fa = b.function("a"), fb = b.function("b");
  uint32_t l = b.location({fa, fb});
  b.profile().locations[l].lines = {{fa, 42}, {fb, 7}};
  auto index = FrameIndex::build(b.profile());
  auto frames = index.locationFrames(l);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].line, 42u);
  EXPECT_EQ(frames[1].line, 7u);
  EXPECT_TRUE(index.locationFrames(99).empty());
  EXPECT_TRUE(index.locationFrames(kNone).empty());
}

TEST(FrameIndex, IdentityIsByContent) {
  ProfileBuilder b;
  uint32_t m = b.module("/bin/app");
  uint32_t f1 = b.function("f", "a.cc", 1, m), f2 = b.function("f", "a.cc", 1, m);
  uint32_t g = b.function("f", "a.cc", 2, m);  // different start line: another function
  uint32_t l1 = b.location({f1}), l2 = b.location({f2}), l3 = b.location({g});
  auto index = FrameIndex::build(b.profile());
  EXPECT_EQ(index.locationFrames(l1)[0].frame, index.locationFrames(l2)[0].frame);
  EXPECT_NE(index.locationFrames(l1)[0].frame, index.locationFrames(l3)[0].frame);
  EXPECT_EQ(index.frames().size(), 2u);
}

TEST(FrameIndex, FunctionWithoutModuleBorrowsItsLocationsModule) {
  ProfileBuilder b;
  uint32_t m = b.module("/lib/libm.so.6");
  uint32_t f = b.function("sin");
  uint32_t l = b.location({f}, m, 0x10);
  auto index = FrameIndex::build(b.profile());
  EXPECT_EQ(index.frame(index.locationFrames(l)[0].frame).module_path, "/lib/libm.so.6");
}

TEST(FrameIndex, SyntheticNames) {
  EXPECT_EQ(syntheticFrameName("/usr/lib/libc.so.6", 0x12ab), "libc.so.6+0x12ab");
  EXPECT_EQ(syntheticFrameName("", 0xff), "0xff");
  EXPECT_EQ(pathBasename("/a/b/c"), "c");
  EXPECT_EQ(pathBasename("c"), "c");
}

}  // namespace
}  // namespace pprof::analysis

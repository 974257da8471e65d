#include "format/stack_roots.h"

#include <gtest/gtest.h>

namespace pprof {
namespace {

TEST(StackRoots, ThreadEntriesEndCompleteStacks) {
  for (const char* name : {"_start", "clone", "clone3", "__clone3", "__GI___clone3"}) {
    EXPECT_EQ(classifyStackEnd(name), StackEnd::kThreadEntry) << name;
  }
}

TEST(StackRoots, UnsymbolizedFramesAreUnknownNotCut) {
  for (const char* name : {"", "[unknown]", "libfoo.so+0x1f2", "app+0x10"}) {
    EXPECT_EQ(classifyStackEnd(name), StackEnd::kUnknown) << name;
  }
}

TEST(StackRoots, AnyOtherFunctionMeansTheUnwindStoppedEarly) {
  for (const char* name : {"main", "start_thread", "ns::work(int)", "_start_helper"}) {
    EXPECT_EQ(classifyStackEnd(name), StackEnd::kCut) << name;
  }
}

}  // namespace
}  // namespace pprof

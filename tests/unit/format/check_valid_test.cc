#include <gtest/gtest.h>

#include <functional>

#include "format/profile.h"
#include "test_profiles.h"

namespace pprof {
namespace {

TEST(CheckValid, AcceptsGoodProfiles) {
  EXPECT_TRUE(checkValid(testing::smallProfile()).isOk()) << checkValid(testing::smallProfile()).message();
  EXPECT_TRUE(checkValid(testing::richProfile()).isOk()) << checkValid(testing::richProfile()).message();
  EXPECT_TRUE(checkValid(Profile{}).isOk());
}

struct Breakage {
  const char* what;
  std::function<void(Profile&)> breakIt;
  const char* message;
};

TEST(CheckValid, ReportsEachKindOfBadReference) {
  const Breakage cases[] = {
      {"parent", [](Profile& p) { p.processes[0].parent = 7; },
       "process 0: parent 7 out of range (1 processes)"},
      {"thread process", [](Profile& p) { p.threads[1].process = 1; },
       "thread 1: process 1 out of range (1 processes)"},
      {"module process", [](Profile& p) { p.modules[0].process = 3; },
       "module 0: process 3 out of range (1 processes)"},
      {"function module", [](Profile& p) { p.functions[1].module = 1; },
       "function 1: module 1 out of range (1 modules)"},
      {"location module", [](Profile& p) { p.locations[2].module = 5; },
       "location 2: module 5 out of range (1 modules)"},
      {"line function", [](Profile& p) { p.locations[1].lines[1].function = 2; },
       "location 1: line 1: function 2 out of range (2 functions)"},
      {"stack location", [](Profile& p) { p.stacks[1].locations[1] = 3; },
       "stack 1: location 3 out of range (3 locations)"},
      {"empty stack", [](Profile& p) { p.stacks[0].locations.clear(); }, "stack 0: no locations"},
      {"sample stack", [](Profile& p) { p.samples[3].stack = 99; },
       "sample 3: stack 99 out of range (2 stacks)"},
      {"sample thread", [](Profile& p) { p.samples[2].thread = 2; },
       "sample 2: thread 2 out of range (2 threads)"},
  };
  for (const Breakage& c : cases) {
    Profile p = testing::smallProfile();
    c.breakIt(p);
    Status s = checkValid(p);
    EXPECT_FALSE(s.isOk()) << c.what;
    EXPECT_EQ(s.message(), c.message) << c.what;
  }
}

TEST(CheckValid, ParentMustBeAnEarlierProcess) {
  Profile p = testing::richProfile();
  p.processes[1].parent = 2;
  EXPECT_EQ(checkValid(p).message(), "process 1: parent 2 is not an earlier process");
  p.processes[1].parent = 1;
  EXPECT_EQ(checkValid(p).message(), "process 1: parent 1 is not an earlier process");
}

TEST(CheckValid, AllowsNoneWhereOptional) {
  Profile p = testing::smallProfile();
  p.functions[0].module = kNone;
  p.locations[0].module = kNone;
  p.processes[0].parent = kNone;
  EXPECT_TRUE(checkValid(p).isOk());
  p.threads[0].process = kNone;  // not optional
  EXPECT_FALSE(checkValid(p).isOk());
}

}  // namespace
}  // namespace pprof

// `pprof-stats --advise` as text (render/advice_render.h) on a hand-built wall-mode run: the
// summary, the Amdahl bounds, candidates and source lines with their columns, the advice under
// the first three only, the short-profile warning; and the message when there is no time.
#include <gtest/gtest.h>

#include "analysis/parallelism.h"
#include "render/advice_render.h"
#include "support/golden.h"
#include "support/profile_builder.h"
#include "wire/wire.h"

namespace pprof::render {
namespace {

using testing::ProfileBuilder;

constexpr uint64_t kMs = 1000000;

// One sample per millisecond of `thread` on `stack` over [from_ms, to_ms).
void run(ProfileBuilder& b, uint32_t stack, uint32_t thread, uint64_t from_ms, uint64_t to_ms, uint16_t flags = 0) {
  for (uint64_t ms = from_ms; ms < to_ms; ++ms) b.sample(stack, 1, thread, (ms + 1) * kMs, flags);
}

std::string adviceText(const Profile& profile) {
  const analysis::FrameIndex frames = analysis::FrameIndex::build(profile);
  analysis::ParallelismOptions options;
  options.machine_cores = 6;  // not one of 2, 4, 8: a fourth column
  return renderAdviceText(analysis::analyzeParallelism(profile, frames, options), frames);
}

TEST(AdviceRender, GoldenWallModeReport) {
  ProfileBuilder b{1000 * kMs};
  b.profile().meta.mode = "wall";
  b.profile().meta.duration_ns = 400 * kMs;
  const uint32_t exe = b.module("/usr/bin/app");
  const uint32_t main = b.function("main", "app.cc", 3, exe);
  const uint32_t fetch = b.function("net::fetchAll(std::vector<int> const&, int)", "net.cc", 40, exe);
  const uint32_t compute = b.function("compute", "", 0, exe);  // no file: the module instead
  const uint32_t parse = b.function("parse()", "", 0);         // neither: "~"
  const uint32_t tidy = b.function("tidy", "app.cc", 30, exe);
  const uint32_t crunch = b.function("crunch", "app.cc", 12, exe);
  const uint32_t worker = b.thread(0, 101, "worker");
  run(b, b.stackOf({compute, main}), 0, 0, 100);
  run(b, b.stackOf({fetch, main}), 0, 100, 250, wire::kSampleIdle);
  run(b, b.stackOf({parse, main}), 0, 250, 300);
  run(b, b.stackOf({tidy, main}), 0, 300, 320);
  run(b, b.stackOf({crunch, main}), 0, 320, 400);
  run(b, b.stackOf({crunch}), worker, 320, 400);
  testing::expectGolden(PPROF_VIEWER_GOLDEN_DIR, "advice_wall.txt", adviceText(b.profile()));
}

TEST(AdviceRender, WithoutTimeItSaysWhy) {
  ProfileBuilder b;
  b.profile().meta.period_ns = 0;
  b.sample(b.stackOf({b.function("main")}), 5);
  EXPECT_EQ(adviceText(b.profile()),
            "Parallelism advice\n  cannot advise: the profile has no timestamps or no sampling period (collapsed "
            "stacks, pprof or cProfile input): the advisor needs a profile recorded by pprof-run\n");
}

}  // namespace
}  // namespace pprof::render

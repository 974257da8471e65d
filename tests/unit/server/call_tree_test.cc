#include "analysis/call_tree.h"

#include <gtest/gtest.h>

#include <string>

#include "analysis/sample_filter.h"
#include "support/profile_builder.h"

namespace pprof::analysis {
namespace {

using testing::ProfileBuilder;

// One line per node in output order: depth-indented "name self/total".
std::string render(const CallTree& tree, const FrameIndex& frames) {
  std::string text;
  for (const CallTreeNode& node : tree.nodes) {
    text += std::string(2 * node.depth, ' ');
    text += node.frame == kRootFrame ? "(root)" : node.frame == kMergedFrame ? "[merged]"
                                                                             : frames.frame(node.frame).name;
    text += " " + std::to_string(node.self) + "/" + std::to_string(node.total) + "\n";
  }
  return text;
}

std::string treeOf(const Profile& profile, const CallTreeOptions& options = {}) {
  const FrameIndex frames = FrameIndex::build(profile);
  return render(buildCallTree(profile, frames, sumSamples(profile), options), frames);
}

TEST(CallTreeTest, SelfAndTotalAlongPaths) {
  ProfileBuilder b;
  const uint32_t main = b.function("main"), work = b.function("work"), io = b.function("io");
  b.sample(b.stackOf({work, main}), 5);
  b.sample(b.stackOf({io, work, main}), 2);
  b.sample(b.stackOf({io, main}), 4);
  b.sample(b.stackOf({main}), 1);
  EXPECT_EQ(treeOf(b.profile()),
            "(root) 0/12\n"
            "  main 1/12\n"
            "    work 5/7\n"
            "      io 2/2\n"
            "    io 4/4\n");
}

TEST(CallTreeTest, ChildrenSortedByTotalDescendingAndParentsPrecedeChildren) {
  ProfileBuilder b;
  const uint32_t main = b.function("main"), a = b.function("a"), z = b.function("z");
  b.sample(b.stackOf({a, main}), 1);
  b.sample(b.stackOf({z, main}), 3);
  const Profile& p = b.profile();
  const FrameIndex frames = FrameIndex::build(p);
  const CallTree tree = buildCallTree(p, frames, sumSamples(p));
  EXPECT_EQ(render(tree, frames), "(root) 0/4\n  main 0/4\n    z 3/3\n    a 1/1\n");
  for (size_t i = 1; i < tree.nodes.size(); ++i) EXPECT_LT(tree.nodes[i].parent, i);
  EXPECT_EQ(tree.nodes[0].parent, kNone);
  EXPECT_EQ(tree.full_size, 4u);
}

TEST(CallTreeTest, InlineFramesBecomeNodesBelowTheirCaller) {
  ProfileBuilder b;
  const uint32_t main = b.function("main"), sum = b.function("sum"), kernel = b.function("kernel");
  const uint32_t lmain = b.location({main}), lsum = b.location({kernel, sum});  // kernel inlined into sum
  b.sample(b.stack({lsum, lmain}), 3);
  EXPECT_EQ(treeOf(b.profile()),
            "(root) 0/3\n"
            "  main 0/3\n"
            "    sum 0/3\n"
            "      kernel 3/3\n");
}

TEST(CallTreeTest, RecursionKeepsOneNodePerDepth) {
  ProfileBuilder b;
  const uint32_t main = b.function("main"), walk = b.function("walk");
  b.sample(b.stackOf({walk, walk, walk, main}), 2);
  b.sample(b.stackOf({walk, main}), 1);
  EXPECT_EQ(treeOf(b.profile()),
            "(root) 0/3\n"
            "  main 0/3\n"
            "    walk 1/3\n"
            "      walk 0/2\n"
            "        walk 2/2\n");
}

TEST(CallTreeTest, CutoffMergesSmallSiblingsIntoOneNode) {
  ProfileBuilder b;
  const uint32_t main = b.function("main"), big = b.function("big");
  const uint32_t small1 = b.function("small1"), small2 = b.function("small2"), deep = b.function("deep");
  b.sample(b.stackOf({big, main}), 90);
  b.sample(b.stackOf({small1, main}), 4);
  b.sample(b.stackOf({deep, small2, main}), 3);
  b.sample(b.stackOf({main}), 3);
  CallTreeOptions options;
  options.cutoff = 0.05;  // 5 of 100
  EXPECT_EQ(treeOf(b.profile(), options),
            "(root) 0/100\n"
            "  main 3/100\n"
            "    big 90/90\n"
            "    [merged] 7/7\n");
  options.cutoff = 0.04;
  EXPECT_EQ(treeOf(b.profile(), options),
            "(root) 0/100\n"
            "  main 3/100\n"
            "    big 90/90\n"
            "    small1 4/4\n"
            "    [merged] 3/3\n");
}

TEST(CallTreeTest, MaxDepthDropsDeeperNodesButKeepsTotals) {
  ProfileBuilder b;
  const uint32_t main = b.function("main"), mid = b.function("mid"), leaf = b.function("leaf");
  b.sample(b.stackOf({leaf, mid, main}), 4);
  b.sample(b.stackOf({mid, main}), 1);
  const Profile& p = b.profile();
  const FrameIndex frames = FrameIndex::build(p);
  CallTreeOptions options;
  options.max_depth = 2;
  const CallTree tree = buildCallTree(p, frames, sumSamples(p), options);
  EXPECT_EQ(render(tree, frames), "(root) 0/5\n  main 0/5\n    mid 1/5\n");
  EXPECT_TRUE(tree.depth_truncated);
  options.max_depth = 3;
  EXPECT_FALSE(buildCallTree(p, frames, sumSamples(p), options).depth_truncated);
}

TEST(CallTreeTest, FollowsTheSelection) {
  ProfileBuilder b;
  const uint32_t worker = b.thread(0, 101, "worker");
  const uint32_t main = b.function("main"), a = b.function("a"), w = b.function("w");
  b.sample(b.stackOf({a, main}), 2, 0, 10);
  b.sample(b.stackOf({w}), 5, worker, 20);
  const Profile& p = b.profile();
  const FrameIndex frames = FrameIndex::build(p);
  SampleSelection selection;
  selection.threads = std::vector<uint32_t>{worker};
  EXPECT_EQ(render(buildCallTree(p, frames, selectSamples(p, selection)), frames),
            "(root) 0/5\n  w 5/5\n");
  EXPECT_EQ(render(buildCallTree(p, frames, selectSamples(p, {.threads = {}, .pid = {}, .from_ns = 0, .to_ns = 15})), frames),
            "(root) 0/2\n  main 0/2\n    a 2/2\n");
}

TEST(CallTreeTest, EmptySelectionIsABareRoot) {
  ProfileBuilder b;
  b.sample(b.stackOf({b.function("main")}), 2);
  const Profile& p = b.profile();
  const FrameIndex frames = FrameIndex::build(p);
  SampleSelection none;
  none.threads = std::vector<uint32_t>{};
  CallTreeOptions options;
  options.cutoff = 0.5;
  options.max_depth = 1;
  const CallTree tree = buildCallTree(p, frames, selectSamples(p, none), options);
  ASSERT_EQ(tree.nodes.size(), 1u);
  EXPECT_EQ(tree.nodes[0].total, 0u);
}

TEST(CallTreeTest, SharedPrefixesOfConsecutiveStacksAggregateAsFromScratch) {
  // The builder reuses the previous stack's path; interleave stacks to exercise resets.
  ProfileBuilder b;
  const uint32_t m = b.function("m"), x = b.function("x"), y = b.function("y");
  b.sample(b.stackOf({y, x, m}), 1);
  b.sample(b.stackOf({x, y, m}), 1);
  b.sample(b.stackOf({y, x, m}), 1);  // a second stack id with the same frames
  b.sample(b.stackOf({m}), 1);
  b.sample(b.stackOf({x, m}), 1);
  EXPECT_EQ(treeOf(b.profile()),
            "(root) 0/5\n"
            "  m 1/5\n"
            "    x 1/3\n"
            "      y 2/2\n"
            "    y 0/1\n"
            "      x 1/1\n");
}

// A zoom: only stacks under main -> work, and the cutoff is relative to that node's total.
TEST(CallTreeTest, PathKeepsOnlyTheZoomedSubtreeAndScalesTheCutoffToIt) {
  ProfileBuilder b;
  const uint32_t main = b.function("main"), work = b.function("work"), io = b.function("io"),
                 tiny = b.function("tiny");
  b.sample(b.stackOf({io, work, main}), 95);
  b.sample(b.stackOf({tiny, work, main}), 5);
  b.sample(b.stackOf({io, main}), 900);
  const Profile& p = b.profile();
  const FrameIndex frames = FrameIndex::build(p);
  CallTreeOptions options;
  options.path = {frames.functionFrame(main), frames.functionFrame(work)};
  options.cutoff = 0.04;  // 4% of work's 100, not of the run's 1000: tiny (5) stays
  EXPECT_EQ(render(buildCallTree(p, frames, sumSamples(p), options), frames),
            "(root) 0/100\n"
            "  main 0/100\n"
            "    work 0/100\n"
            "      io 95/95\n"
            "      tiny 5/5\n");
  options.path.push_back(frames.functionFrame(main));  // no stack has this path
  EXPECT_EQ(render(buildCallTree(p, frames, sumSamples(p), options), frames), "(root) 0/0\n");
}

// Sandwich halves: everything `work` calls, merged over its call sites, and every path to it.
TEST(CallTreeTest, FocusReRootsAtTheOutermostOccurrence) {
  ProfileBuilder b;
  const uint32_t main = b.function("main"), a = b.function("a"), work = b.function("work"),
                 io = b.function("io");
  b.sample(b.stackOf({io, work, a, main}), 3);
  b.sample(b.stackOf({work, main}), 2);
  b.sample(b.stackOf({io, work, work, main}), 1);  // recursion: counted once, from the outer call
  b.sample(b.stackOf({io, main}), 7);               // no work: left out
  const Profile& p = b.profile();
  const FrameIndex frames = FrameIndex::build(p);
  CallTreeOptions options;
  options.focus = frames.functionFrame(work);
  EXPECT_EQ(render(buildCallTree(p, frames, sumSamples(p), options), frames),
            "(root) 0/6\n"
            "  work 2/6\n"
            "    io 3/3\n"
            "    work 0/1\n"
            "      io 1/1\n");
  options.direction = FocusDirection::kCallers;
  EXPECT_EQ(render(buildCallTree(p, frames, sumSamples(p), options), frames),
            "(root) 0/6\n"
            "  work 0/6\n"
            "    a 0/3\n"
            "      main 3/3\n"
            "    main 3/3\n");
}

}  // namespace
}  // namespace pprof::analysis

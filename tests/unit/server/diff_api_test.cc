// pprof-view --diff without HTTP: one frame table for both profiles (FrameIndex::buildPair), the
// call trees laid over each other (compare/tree_diff.h) and the API's diff columns, on
// hand-built BASE and NEW runs whose answer is known.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "analysis/merge_profiles.h"
#include "analysis/sample_filter.h"
#include "compare/tree_diff.h"
#include "server/api_handler.h"
#include "support/profile_builder.h"

namespace pprof::server {
namespace {

using nlohmann::json;
using testing::ProfileBuilder;

// BASE (period 1 ms): main > parse 600, main > legacy 200, main > tiny 3.
// NEW  (period 1 ms): main > parse 200, main > merge 50, main > tiny 1; parse moved to line 12.
struct BeforeAfter {
  ProfileBuilder base, next;
  BeforeAfter() {
    const uint32_t main = base.function("main", "app.cc", 1), parse = base.function("parse", "app.cc", 10),
                   legacy = base.function("legacy", "app.cc", 30), tiny = base.function("tiny", "app.cc", 90);
    base.sample(base.stackOf({parse, main}), 600);
    base.sample(base.stackOf({legacy, main}), 200);
    base.sample(base.stackOf({tiny, main}), 3);
    const uint32_t main2 = next.function("main", "app.cc", 1), parse2 = next.function("parse", "app.cc", 12),
                   merge = next.function("merge", "app.cc", 70), tiny2 = next.function("tiny", "app.cc", 90);
    next.sample(next.stackOf({parse2, main2}), 200);
    next.sample(next.stackOf({merge, main2}), 50);
    next.sample(next.stackOf({tiny2, main2}), 1);
  }
};

uint32_t frameNamed(const analysis::FrameIndex& frames, const std::string& name) {
  for (uint32_t id = 0; id < frames.frames().size(); ++id) {
    if (frames.frame(id).name == name) return id;
  }
  return kNone;
}

// One line per node: depth-indented "name new/base (total)".
std::string render(const compare::DiffTree& tree, const analysis::FrameIndex& frames) {
  std::string text;
  for (const compare::DiffTreeNode& n : tree.nodes) {
    text += std::string(2 * n.depth, ' ');
    text += n.frame == analysis::kRootFrame ? "(root)" : n.frame == analysis::kMergedFrame ? "[merged]"
                                                                                         : frames.frame(n.frame).name;
    text += " " + std::to_string(n.total) + "/" + std::to_string(n.base_total) + "\n";
  }
  return text;
}

std::string diffTree(BeforeAfter& run, compare::DiffTreeOptions options) {
  auto [next_frames, base_frames] = analysis::FrameIndex::buildPair(run.next.profile(), run.base.profile());
  const auto next = analysis::buildCallTree(run.next.profile(), next_frames, analysis::sumSamples(run.next.profile()));
  const auto base = analysis::buildCallTree(run.base.profile(), base_frames, analysis::sumSamples(run.base.profile()));
  return render(compare::diffCallTrees(next, base, options), next_frames);
}

TEST(FrameIndexPair, OneTableNewFramesFirstAMovedFunctionKeepsItsId) {
  BeforeAfter run;
  auto [next, base] = analysis::FrameIndex::buildPair(run.next.profile(), run.base.profile());
  const analysis::FrameIndex alone = analysis::FrameIndex::build(run.next.profile());
  ASSERT_EQ(next.frames().size(), base.frames().size());
  // NEW's ids are the ones it has alone; BASE's "legacy" comes after them.
  for (uint32_t id = 0; id < alone.frames().size(); ++id) EXPECT_EQ(next.frame(id).name, alone.frame(id).name);
  EXPECT_GE(frameNamed(next, "legacy"), alone.frames().size());
  // parse moved from line 10 to 12: one frame, on both sides' locations.
  const uint32_t parse = frameNamed(next, "parse");
  EXPECT_EQ(next.frame(parse).line, 12u);
  int parses = 0;
  for (const analysis::Frame& f : next.frames()) parses += f.name == "parse";
  EXPECT_EQ(parses, 1);
  EXPECT_EQ(base.locationFrames(run.base.locationOf(1))[0].frame, parse);  // function 1 is BASE's parse
}

TEST(FrameIndexPair, TwoFunctionsOfOneNameInOneFileAreNotGuessedAt) {
  ProfileBuilder base, next;
  base.sample(base.stackOf({base.function("<lambda>", "a.py", 5)}), 1);
  next.sample(next.stackOf({next.function("<lambda>", "a.py", 7)}), 1);
  next.sample(next.stackOf({next.function("<lambda>", "a.py", 9)}), 1);
  auto [n, b] = analysis::FrameIndex::buildPair(next.profile(), base.profile());
  EXPECT_EQ(n.frames().size(), 3u);  // BASE's lambda at line 5 is a third frame, not one of NEW's
}

TEST(FrameIndexPair, AFunctionOfBaseIsNotFoldedIntoOneThatAnotherMatchesExactly) {
  ProfileBuilder base, next;
  base.sample(base.stackOf({base.function("foo", "a.cc", 10)}), 1);
  base.sample(base.stackOf({base.function("foo", "a.cc", 30)}), 1);
  next.sample(next.stackOf({next.function("foo", "a.cc", 10)}), 1);
  auto [n, b] = analysis::FrameIndex::buildPair(next.profile(), base.profile());
  EXPECT_EQ(n.frames().size(), 2u);  // foo@10 on both sides, foo@30 only in BASE: one to one
  EXPECT_NE(b.locationFrames(base.locationOf(0))[0].frame, b.locationFrames(base.locationOf(1))[0].frame);
}

TEST(TreeDiff, EveryNewNodeCarriesBaseWeightAndGonePathsAreHidden) {
  BeforeAfter run;
  EXPECT_EQ(diffTree(run, {}),
            "(root) 251/803\n"
            "  main 251/803\n"
            "    parse 200/600\n"
            "    merge 50/0\n"
            "    tiny 1/3\n");
}

TEST(TreeDiff, GonePathsOnDemandAfterTheOthers) {
  BeforeAfter run;
  EXPECT_EQ(diffTree(run, {0, true}),
            "(root) 251/803\n"
            "  main 251/803\n"
            "    parse 200/600\n"
            "    merge 50/0\n"
            "    tiny 1/3\n"
            "    legacy 0/200\n");
}

TEST(TreeDiff, CutoffKeepsAPathLargeOnEitherSideAndMergesTheRestOnBoth) {
  BeforeAfter run;
  // 5%: of NEW's 251 that is 12.55 (merge stays), of BASE's 803 40.15; tiny is below both.
  EXPECT_EQ(diffTree(run, {0.05, false}),
            "(root) 251/803\n"
            "  main 251/803\n"
            "    parse 200/600\n"
            "    merge 50/0\n"
            "    [merged] 1/3\n");
  // 30%: merge (50 < 75.3) is folded; parse stays on both counts.
  EXPECT_EQ(diffTree(run, {0.3, true}),
            "(root) 251/803\n"
            "  main 251/803\n"
            "    parse 200/600\n"
            "    [merged] 51/203\n");
}

TEST(TreeDiff, APathThatShrankBelowTheCutoffInNewStaysForItsBaseWeight) {
  ProfileBuilder base, next;
  const uint32_t main = base.function("main"), hot = base.function("hot"), rest = base.function("rest");
  base.sample(base.stackOf({hot, main}), 900);
  base.sample(base.stackOf({rest, main}), 100);
  const uint32_t main2 = next.function("main"), hot2 = next.function("hot"), rest2 = next.function("rest");
  next.sample(next.stackOf({hot2, main2}), 1);
  next.sample(next.stackOf({rest2, main2}), 999);
  auto [nf, bf] = analysis::FrameIndex::buildPair(next.profile(), base.profile());
  const auto nt = analysis::buildCallTree(next.profile(), nf, analysis::sumSamples(next.profile()));
  const auto bt = analysis::buildCallTree(base.profile(), bf, analysis::sumSamples(base.profile()));
  EXPECT_EQ(render(compare::diffCallTrees(nt, bt, {0.01, false}), nf),
            "(root) 1000/1000\n  main 1000/1000\n    rest 999/100\n    hot 1/900\n");
}

ProfileView diffView(BeforeAfter& run) {
  return ProfileView::buildDiff(std::move(run.next.profile()), {"new.prof"}, std::move(run.base.profile()),
                                {"base.prof"});
}

json get(const ProfileView& view, const std::string& path, QueryParams params = {}) {
  const ApiResponse response = handleApi(view, path, params);
  EXPECT_EQ(response.status, 200) << response.body;
  return json::parse(response.body);
}

TEST(DiffApi, MetaNamesBothSides) {
  BeforeAfter run;
  const ProfileView view = diffView(run);
  const json meta = get(view, "/api/meta");
  EXPECT_EQ(meta["files"], json::array({"new.prof"}));
  EXPECT_EQ(meta["base"]["files"], json::array({"base.prof"}));
  EXPECT_EQ(meta["weight"], 251);
  EXPECT_EQ(meta["base"]["weight"], 803);
  EXPECT_EQ(meta["frames"], 5);  // the shared table: NEW's four and BASE's legacy
}

TEST(DiffApi, TreeHasBaseColumnsAndGoneOnDemand) {
  BeforeAfter run;
  const ProfileView view = diffView(run);
  const json tree = get(view, "/api/tree");
  EXPECT_EQ(tree["weight"], 251);
  EXPECT_EQ(tree["base_weight"], 803);
  ASSERT_EQ(tree["base_total"].size(), tree["total"].size());
  const json frames = get(view, "/api/frames");
  const auto nodeOf = [&](const json& t, const std::string& name) {
    for (size_t i = 0; i < t["frame"].size(); ++i) {
      const int frame = t["frame"][i];
      if (frame >= 0 && frames["name"][frame] == name) return static_cast<int>(i);
    }
    return -1;
  };
  const int parse = nodeOf(tree, "parse");
  ASSERT_GE(parse, 0);
  EXPECT_EQ(tree["total"][parse], 200);
  EXPECT_EQ(tree["base_total"][parse], 600);
  EXPECT_EQ(nodeOf(tree, "legacy"), -1);
  const json with_gone = get(view, "/api/tree", {{"gone", "1"}});
  const int legacy = nodeOf(with_gone, "legacy");
  ASSERT_GE(legacy, 0);
  EXPECT_EQ(with_gone["total"][legacy], 0);
  EXPECT_EQ(with_gone["base_total"][legacy], 200);
  EXPECT_EQ(handleApi(view, "/api/tree", {{"gone", "maybe"}}).status, 400);
}

TEST(DiffApi, TheSelectionNarrowsNewAndBaseStaysWhole) {
  BeforeAfter run;
  const ProfileView view = diffView(run);
  const json tree = get(view, "/api/tree", {{"threads", ""}});
  EXPECT_EQ(tree["weight"], 0);
  EXPECT_EQ(tree["base_weight"], 803);
}

TEST(DiffApi, FunctionsHaveBaseColumnsAndGoneRows) {
  BeforeAfter run;
  const ProfileView view = diffView(run);
  const json f = get(view, "/api/functions");
  const json frames = get(view, "/api/frames");
  EXPECT_EQ(f["base_weight"], 803);
  bool saw_legacy = false, saw_merge = false;
  for (size_t i = 0; i < f["frame"].size(); ++i) {
    const std::string name = frames["name"][f["frame"][i].get<int>()];
    if (name == "parse") {
      EXPECT_EQ(f["self"][i], 200);
      EXPECT_EQ(f["base_self"][i], 600);
      EXPECT_NEAR(f["base_self_seconds"][i].get<double>() / f["self_seconds"][i].get<double>(), 3.0, 1e-9);
    }
    if (name == "legacy") {
      saw_legacy = true;
      EXPECT_EQ(f["total"][i], 0);
      EXPECT_EQ(f["base_total"][i], 200);
    }
    if (name == "merge") {
      saw_merge = true;
      EXPECT_EQ(f["base_total"][i], 0);
    }
  }
  EXPECT_TRUE(saw_legacy);
  EXPECT_TRUE(saw_merge);
}

TEST(DiffApi, WithoutABaseTheAnswersAreAsBefore) {
  BeforeAfter run;
  const ProfileView view = ProfileView::build(std::move(run.next.profile()), {"new.prof"});
  EXPECT_FALSE(get(view, "/api/tree").contains("base_total"));
  EXPECT_FALSE(get(view, "/api/functions").contains("base_total"));
  EXPECT_FALSE(get(view, "/api/meta").contains("base"));
}

// A job merged from two hosts (issue 13): /api/threads names each process's host and role.
TEST(JobApi, ThreadsNameEachProcesssHostAndRole) {
  ProfileBuilder a, b;
  a.profile().meta.host = "hostA";
  a.profile().processes[0].command = {"/usr/bin/python3", "/usr/bin/dask-worker", "--nworkers", "2"};
  a.sample(a.stackOf({a.function("task")}), 5);
  b.profile().meta.host = "hostB";
  b.profile().processes[0].command = {"/usr/bin/python3", "-c", "from multiprocessing.spawn import spawn_main"};
  b.sample(b.stackOf({b.function("task")}), 7);
  std::vector<Profile> inputs;
  inputs.push_back(std::move(a.profile()));
  inputs.push_back(std::move(b.profile()));
  Result<Profile> merged = analysis::mergeProfiles(std::move(inputs));
  ASSERT_TRUE(merged.isOk()) << merged.message();
  const ProfileView view = ProfileView::build(std::move(merged.value()), {"prof/"});
  const json threads = get(view, "/api/threads");
  ASSERT_EQ(threads["processes"].size(), 2u);
  EXPECT_EQ(threads["processes"][0]["host"], "hostA");
  EXPECT_EQ(threads["processes"][0]["role"], "dask-worker");
  EXPECT_EQ(threads["processes"][1]["host"], "hostB");
  EXPECT_EQ(threads["processes"][1]["role"], "spawn worker");
}

}  // namespace
}  // namespace pprof::server

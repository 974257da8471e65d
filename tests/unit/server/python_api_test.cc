// The API's frame views: `frames=mixed|python|native` on every aggregating endpoint, function
// rows' `language` and `gil_percent`, /api/meta's `python`, frame ids shared by all views, and
// the views computed once under concurrent first requests.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "../viewer/python_profile.h"
#include "server/api_handler.h"

namespace pprof::server {
namespace {

using nlohmann::json;
using testing::PythonProfileBuilder;

// <module> -> Grid.relax with the GIL (4 samples); sorted(key=lambda) sandwich (2); a C thread (3);
// one sample that cannot be merged (three eval frames, one group).
ProfileView pythonView() {
  PythonProfileBuilder b;
  const uint32_t relax = b.py("Grid.relax", "/src/grid.py", 14, 17);
  const uint32_t module = b.py("<module>", "/src/grid.py", 1, 40, true);
  const uint32_t lambda = b.py("<lambda>", "/src/grid.py", 30, 30, true);
  const uint32_t eval = b.lib("_PyEval_EvalFrameDefault");
  const auto startup = b.startup();
  const uint32_t c_thread = b.thread(0, 102, "blas");
  b.sample(b.stack(PythonProfileBuilder::concat({{eval}, startup, {relax, module}})), 4, 0, 1000,
           PythonProfileBuilder::kPythonGil);
  b.sample(b.stack(PythonProfileBuilder::concat({{eval, b.lib("_PyFunction_Vectorcall"), b.lib("builtin_sorted"),
                                                  b.lib("cfunction_vectorcall_FASTCALL_KEYWORDS"), eval},
                                                 startup, {lambda, module}})),
           2, 0, 2000, wire::kSamplePython);
  b.sample(b.stack({b.native("dgemm_kernel", b.exe()), b.native("clone", b.libc())}), 3, c_thread, 3000);
  b.sample(b.stack(PythonProfileBuilder::concat({{eval, eval, eval}, startup, {module}})), 1, 0, 4000,
           PythonProfileBuilder::kPythonGil);
  return ProfileView::build(std::move(b.profile()), {"grid.prof"});
}

json get(const ProfileView& view, const std::string& path, QueryParams params = {}, int status = 200) {
  const ApiResponse response = handleApi(view, path, params);
  EXPECT_EQ(response.status, status) << path << ": " << response.body;
  return json::parse(response.body);
}

// Frame id of the function called `name` in /api/frames.
int64_t frameId(const json& frames, const std::string& name) {
  const auto& names = frames["name"];
  auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int64_t>(it - names.begin());
}

// Row index of frame `id` in a group=function answer, -1 when absent.
int64_t rowOf(const json& functions, int64_t id) {
  const auto& ids = functions["frame"];
  auto it = std::find(ids.begin(), ids.end(), id);
  return it == ids.end() ? -1 : static_cast<int64_t>(it - ids.begin());
}

TEST(PythonApi, FunctionsPerViewWithLanguageAndGil) {
  const ProfileView view = pythonView();
  const json frames = get(view, "/api/frames");
  ASSERT_EQ(frames["language"].size(), frames["name"].size());
  const int64_t relax = frameId(frames, "Grid.relax"), eval = frameId(frames, "_PyEval_EvalFrameDefault");
  const int64_t glue = frameId(frames, "_PyFunction_Vectorcall"), sorted = frameId(frames, "builtin_sorted");
  const int64_t blas = frameId(frames, "dgemm_kernel"), lambda = frameId(frames, "<lambda>");
  EXPECT_EQ(frames["language"][relax], "python");
  EXPECT_EQ(frames["language"][eval], "native");

  const json mixed = get(view, "/api/functions");
  ASSERT_EQ(mixed["language"].size(), mixed["frame"].size());
  ASSERT_EQ(mixed["gil_percent"].size(), mixed["frame"].size());
  ASSERT_GE(rowOf(mixed, relax), 0);
  EXPECT_EQ(mixed["language"][rowOf(mixed, relax)], "python");
  EXPECT_EQ(mixed["gil_percent"][rowOf(mixed, relax)], 100.0);
  EXPECT_EQ(mixed["gil_percent"][rowOf(mixed, lambda)], 0.0);
  EXPECT_TRUE(mixed["gil_percent"][rowOf(mixed, blas)].is_null());
  EXPECT_EQ(mixed["language"][rowOf(mixed, sorted)], "native");
  EXPECT_EQ(rowOf(mixed, glue), -1);                       // hidden in the mixed view
  EXPECT_EQ(mixed["total"][rowOf(mixed, eval)], 1);        // only the sample kept unmerged
  EXPECT_EQ(get(view, "/api/functions", {{"frames", "mixed"}}), mixed);  // the default

  const json native = get(view, "/api/functions", {{"frames", "native"}});
  EXPECT_EQ(rowOf(native, relax), -1);
  EXPECT_EQ(native["total"][rowOf(native, eval)], 7);
  EXPECT_GE(rowOf(native, glue), 0);
  const json python = get(view, "/api/functions", {{"frames", "python"}});
  EXPECT_EQ(rowOf(python, eval), -1);
  EXPECT_EQ(python["self"][rowOf(python, blas)], 3);       // the C thread keeps its stack
  EXPECT_EQ(python["weight"], native["weight"]);
}

TEST(PythonApi, TreeSearchThreadsTimelineParallelismTakeFrames) {
  const ProfileView view = pythonView();
  const json frames = get(view, "/api/frames");
  const int64_t module = frameId(frames, "<module>");
  const json tree = get(view, "/api/tree", {{"frames", "python"}});
  // python view: the root's children are <module> (main thread) and the C thread's clone.
  std::vector<int64_t> children;
  for (size_t i = 0; i < tree["parent"].size(); ++i) {
    if (tree["parent"][i] == 0) children.push_back(tree["frame"][i]);
  }
  EXPECT_NE(std::find(children.begin(), children.end(), module), children.end());
  EXPECT_EQ(children.size(), 2u);
  EXPECT_EQ(get(view, "/api/search", {{"q", "Grid"}, {"frames", "native"}})["matched"], 0);
  EXPECT_EQ(get(view, "/api/search", {{"q", "Grid"}})["matched"], 4);
  EXPECT_EQ(get(view, "/api/threads", {{"frames", "python"}})["threads"].size(), 2u);
  EXPECT_EQ(get(view, "/api/timeline", {{"frames", "native"}, {"bins", "4"}})["bins"], 4);
  const json parallel = get(view, "/api/parallelism", {{"frames", "python"}});
  EXPECT_TRUE(parallel.is_object());
  for (const char* path : {"/api/functions", "/api/tree", "/api/meta", "/api/parallelism", "/api/search",
                           "/api/threads", "/api/timeline"}) {
    QueryParams params{{"frames", "both"}, {"q", "x"}};
    EXPECT_EQ(get(view, path, params, 400)["error"],
              "bad parameter 'frames': expected mixed, python or native, got 'both'") << path;
  }
  EXPECT_EQ(get(view, "/api/functions", {{"frames", "python"}, {"frames", "native"}}, 400)["error"],
            "bad parameter 'frames': given more than once");
}

// Per Python thread the on-CPU weight with Python frames and its GIL-held part, per bin; a C
// thread has neither.
TEST(PythonApi, TimelineCarriesTheGilPerBin) {
  const ProfileView view = pythonView();
  const json timeline = get(view, "/api/timeline", {{"bins", "1"}});
  ASSERT_EQ(timeline["threads"].size(), 2u);
  const json& main = timeline["threads"][0];
  const json& blas = timeline["threads"][1];
  EXPECT_EQ(main["python"], json::array({7}));  // 4 + 2 + 1 samples flagged python
  EXPECT_EQ(main["gil"], json::array({5}));     // 4 + 1 with the GIL
  EXPECT_FALSE(blas.contains("python"));
  EXPECT_FALSE(blas.contains("gil"));
}

TEST(PythonApi, MetaPython) {
  const ProfileView view = pythonView();
  const json meta = get(view, "/api/meta");
  ASSERT_TRUE(meta.contains("python"));
  EXPECT_EQ(meta["python"]["versions"], json::array({"3.11.7"}));
  EXPECT_EQ(meta["python"]["processes"], 1);
  EXPECT_EQ(meta["python"]["merge_failures"], 1);
  EXPECT_EQ(meta["python"]["notes"], json::array());
  EXPECT_EQ(get(view, "/api/meta", {{"frames", "native"}})["python"]["merge_failures"], 0);

  testing::ProfileBuilder b;  // no Python: no "python" key
  b.sample(b.stackOf({b.function("main")}), 1);
  EXPECT_FALSE(get(ProfileView::build(std::move(b.profile()), {"c.prof"}), "/api/meta").contains("python"));
}

// Many first requests at once: each view is computed once and every answer is the same.
TEST(PythonApi, ViewsComputedOnceUnderConcurrentRequests) {
  const ProfileView view = pythonView();
  const char* views[] = {"mixed", "python", "native"};
  std::vector<std::string> answers(12);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < answers.size(); ++i) {
    threads.emplace_back([&, i] {
      const char* path = i % 2 ? "/api/functions" : "/api/parallelism";
      answers[i] = handleApi(view, path, {{"frames", views[i % 3]}}).body;
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t i = 6; i < answers.size(); ++i) EXPECT_EQ(answers[i], answers[i - 6]) << i;
}

}  // namespace
}  // namespace pprof::server

// The search and the JSON API without HTTP: shapes of every answer, parameters, errors.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "server/api_handler.h"
#include "server/frame_search.h"
#include "support/profile_builder.h"

namespace pprof::server {
namespace {

using nlohmann::json;
using testing::ProfileBuilder;

// main -> {parse 3, compute -> {matmul 5, parse 2}} on thread 0; worker thread: matmul 10 at 500 ms.
ProfileView sampleView() {
  ProfileBuilder b(1000000000);  // a 1 s run
  const uint32_t exe = b.module("/opt/app/bin/app");
  const uint32_t main = b.function("main", "/src/main.cc", 1, exe);
  const uint32_t parse = b.function("parse", "/src/parse.cc", 1, exe);
  const uint32_t compute = b.function("compute", "/src/compute.cc", 1, exe);
  const uint32_t matmul = b.function("Matmul::run", "/src/compute.cc", 1, exe);
  const uint32_t worker = b.thread(0, 101, "worker");
  b.sample(b.stackOf({parse, main}), 3, 0, 1000);
  b.sample(b.stackOf({matmul, compute, main}), 5, 0, 2000);
  b.sample(b.stackOf({parse, compute, main}), 2, 0, 3000);
  b.sample(b.stackOf({matmul}), 10, worker, 500000000);
  return ProfileView::build(std::move(b.profile()), {"sample.prof"});
}

SearchResult search(const ProfileView& view, const std::string& q, bool regex, bool icase = false) {
  Result<FrameMatcher> matcher = FrameMatcher::create(q, regex, icase);
  EXPECT_TRUE(matcher) << matcher.message();
  return searchFrames(view.profile, view.frames, analysis::sumSamples(view.profile), matcher.value());
}

TEST(FrameSearchTest, MatchedShareCountsEachSampleOnce) {
  const ProfileView view = sampleView();
  const SearchResult parse = search(view, "parse", false);
  EXPECT_EQ(parse.matched_weight, 5u);
  EXPECT_EQ(parse.total_weight, 20u);
  // "a" is in main, parse, Matmul::run: every sample once, never more than the total.
  EXPECT_EQ(search(view, "a", false).matched_weight, 20u);
  EXPECT_EQ(search(view, "^(parse|compute)$", true).matched_weight, 10u);
  EXPECT_EQ(search(view, "matmul", false).matched_weight, 0u);
  EXPECT_EQ(search(view, "matmul", false, true).matched_weight, 15u);
  EXPECT_EQ(search(view, "MATMUL::", true, true).matched_frames.size(), 1u);
}

TEST(FrameSearchTest, InvalidRegexIsAnError) {
  Result<FrameMatcher> matcher = FrameMatcher::create("(unclosed", true, false);
  ASSERT_FALSE(matcher);
  EXPECT_NE(matcher.message().find("invalid regular expression '(unclosed'"), std::string::npos);
  EXPECT_FALSE(FrameMatcher::create(std::string("a\0b", 3), true, false));
}

json get(const ProfileView& view, const std::string& path, QueryParams params = {}, int status = 200) {
  const ApiResponse response = handleApi(view, path, params);
  EXPECT_EQ(response.status, status) << path << ": " << response.body;
  EXPECT_EQ(response.body.find('\n'), std::string::npos);
  return json::parse(response.body);
}

TEST(ApiTest, MetaAndFrames) {
  const ProfileView view = sampleView();
  const json meta = get(view, "/api/meta");
  EXPECT_EQ(meta["files"], json({"sample.prof"}));
  EXPECT_EQ(meta["weight"], 20);
  EXPECT_EQ(meta["samples"], 4);
  EXPECT_EQ(meta["period_ns"], 1000000);
  EXPECT_EQ(meta["threads"], 2);
  const json frames = get(view, "/api/frames");
  ASSERT_EQ(frames["name"].size(), 4u);
  for (const char* column : {"file", "line", "module", "address"}) EXPECT_EQ(frames[column].size(), 4u) << column;
  EXPECT_EQ(frames["modules"], json({"/opt/app/bin/app"}));  // strings once
  EXPECT_EQ(frames["files"].size(), 3u);
}

TEST(ApiTest, TreeAsParallelArrays) {
  const ProfileView view = sampleView();
  const json tree = get(view, "/api/tree");
  const json frames = get(view, "/api/frames");
  ASSERT_EQ(tree["parent"].size(), tree["frame"].size());
  ASSERT_EQ(tree["self"].size(), tree["total"].size());
  ASSERT_EQ(tree["parent"].size(), tree["self"].size());
  EXPECT_EQ(tree["parent"][0], -1);
  EXPECT_EQ(tree["frame"][0], -1);
  EXPECT_EQ(tree["total"][0], 20);
  EXPECT_EQ(tree["weight"], 20);
  // Root's first child is the heaviest: main (10) vs Matmul::run (10) tie -> lower frame id.
  EXPECT_EQ(frames["name"][tree["frame"][1].get<int>()], "main");
  const json one = get(view, "/api/tree", {{"threads", "1"}});
  EXPECT_EQ(one["frame"].size(), 2u);
  EXPECT_EQ(frames["name"][one["frame"][1].get<int>()], "Matmul::run");
  const json cut = get(view, "/api/tree", {{"cutoff", "0.2"}, {"depth", "2"}});
  EXPECT_EQ(cut["depth_truncated"], true);
  EXPECT_NE(std::find(cut["frame"].begin(), cut["frame"].end(), json(-2)), cut["frame"].end());  // parse merged
  EXPECT_LT(cut["parent"].size(), tree["parent"].size());
  // Zoom and sandwich go through the same endpoint.
  const std::string main_id = std::to_string(tree["frame"][1].get<int>());
  const json zoomed = get(view, "/api/tree", {{"path", main_id}});
  EXPECT_EQ(zoomed["total"][0], tree["total"][1]);
  const json callers = get(view, "/api/tree", {{"focus", main_id}, {"direction", "callers"}});
  EXPECT_EQ(callers["frame"][1], tree["frame"][1]);
  EXPECT_EQ(callers["total"][0], tree["total"][1]);
}

TEST(ApiTest, ThreadsTimelineFunctionsSearch) {
  const ProfileView view = sampleView();
  const json threads = get(view, "/api/threads", {{"from", "0"}, {"to", "1000000"}});
  ASSERT_EQ(threads["threads"].size(), 2u);
  EXPECT_EQ(threads["threads"][1]["name"], "worker");
  EXPECT_EQ(threads["threads"][0]["weight"], 10);
  EXPECT_EQ(threads["threads"][1]["weight"], 0);  // outside the time range
  EXPECT_EQ(threads["processes"][0]["pid"], 100);

  const json timeline = get(view, "/api/timeline", {{"bins", "4"}});
  EXPECT_EQ(timeline["bins"], 4);
  ASSERT_EQ(timeline["threads"].size(), 2u);
  EXPECT_EQ(timeline["threads"][1]["cpu"], json({0, 0, 10, 0}));

  const json functions = get(view, "/api/functions");
  EXPECT_EQ(functions["group"], "function");
  EXPECT_EQ(functions["frame"].size(), 4u);
  EXPECT_EQ(functions["calls"][0], nullptr);
  EXPECT_EQ(functions["weight"], 20);
  const json files = get(view, "/api/functions", {{"group", "file"}});
  EXPECT_EQ(files["name"].size(), 3u);

  const json found = get(view, "/api/search", {{"q", "Matmul"}, {"threads", "0"}});
  EXPECT_EQ(found["matched"], 5);
  EXPECT_EQ(found["total"], 10);
  EXPECT_DOUBLE_EQ(found["share"].get<double>(), 0.5);
  EXPECT_EQ(found["frames"].size(), 1u);
}

TEST(ApiTest, ParallelismIsTheAdvisorsJsonWithFrameIdsAndBins) {
  const ProfileView view = sampleView();
  const json advice = get(view, "/api/parallelism");
  const json frames = get(view, "/api/frames");
  EXPECT_EQ(advice["has_time"], true);
  EXPECT_DOUBLE_EQ(advice["wall_seconds"].get<double>(), 1.0);
  ASSERT_FALSE(advice["candidates"].empty());
  for (const json& row : advice["candidates"]) {
    EXPECT_EQ(frames["name"][row["frame"].get<size_t>()], row["name"]);
    EXPECT_TRUE(row["predicted_speedup"].contains("2"));
  }
  EXPECT_EQ(advice["frame_serial_share"].size(), frames["name"].size());
  EXPECT_EQ(advice["concurrency"]["running"].size(), advice["concurrency"]["waiting"].size());
  EXPECT_GT(advice["concurrency"]["bin_ns"].get<uint64_t>(), 0u);
  EXPECT_EQ(get(view, "/api/parallelism").dump(), advice.dump());  // the kept answer
}

TEST(ApiTest, BadParametersAreOneLine400s) {
  const ProfileView view = sampleView();
  const std::vector<std::pair<std::string, QueryParams>> bad = {
      {"/api/tree", {{"threads", "1,x"}}},      {"/api/tree", {{"threads", "1,"}}},
      {"/api/tree", {{"from", "-1"}}},          {"/api/tree", {{"from", "5"}, {"to", "5"}}},
      {"/api/tree", {{"cutoff", "2"}}},         {"/api/tree", {{"cutoff", "nan"}}},
      {"/api/tree", {{"depth", "0"}}},          {"/api/tree", {{"pid", "99999999999"}}},
      {"/api/tree", {{"threads", "1"}, {"threads", "2"}}},
      {"/api/timeline", {{"bins", "0"}}},       {"/api/timeline", {{"bins", "10001"}}},
      {"/api/search", {}},                      {"/api/search", {{"q", "("}, {"regex", "1"}}},
      {"/api/search", {{"q", std::string(1001, 'a')}}}, {"/api/search", {{"q", "a"}, {"regex", "yes"}}},
      {"/api/functions", {{"group", "nope"}}},  {"/api/tree", {{"path", "1..2"}}},
      {"/api/tree", {{"path", "1."}}},           {"/api/tree", {{"focus", "x"}}},
      {"/api/tree", {{"focus", "1"}, {"direction", "up"}}},
  };
  for (const auto& [path, params] : bad) {
    const json error = get(view, path, params, 400);
    EXPECT_TRUE(error["error"].is_string()) << path;
  }
  EXPECT_TRUE(get(view, "/api/nope", {}, 404)["error"].is_string());
}

TEST(ApiTest, InvalidUtf8InNamesIsReplacedNotFatal) {
  ProfileBuilder b(1000000000);  // a 1 s run
  b.sample(b.stackOf({b.function("bad\xff\xfename")}), 1);
  const ProfileView view = ProfileView::build(std::move(b.profile()), {"x"});
  const json frames = get(view, "/api/frames");
  EXPECT_EQ(frames["name"].size(), 1u);
}

}  // namespace
}  // namespace pprof::server

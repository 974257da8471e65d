// /api/parallelism on a selection: the advisor sees only the selected threads' samples in
// [from, to), its wall time is that window; frame ids on every row; the whole run's answer is
// kept, a selection's computed per request; bad selections are 400s.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/api_handler.h"
#include "support/profile_builder.h"

namespace pprof::server {
namespace {

using nlohmann::json;
using testing::ProfileBuilder;

constexpr uint64_t kMs = 1000000;

// One sample per millisecond of `thread` on `stack` over [from_ms, to_ms).
void run(ProfileBuilder& b, uint32_t stack, uint32_t thread, uint64_t from_ms, uint64_t to_ms) {
  for (uint64_t ms = from_ms; ms < to_ms; ++ms) b.sample(stack, 1, thread, (ms + 1) * kMs);
}

// A 1 s run. Main (thread 0): prepare for 500 ms alone (half of it in parse, which prepare
// calls), then crunch for 500 ms while the worker (thread 1) runs crunch too.
ProfileView phasedView() {
  ProfileBuilder b(1000 * kMs);
  const uint32_t exe = b.module("/opt/app/bin/app");
  const uint32_t main = b.function("main", "/src/main.cc", 1, exe);
  const uint32_t prepare = b.function("prepare", "/src/prepare.cc", 10, exe);
  const uint32_t parse = b.function("parse", "/src/prepare.cc", 40, exe);
  const uint32_t crunch = b.function("crunch", "/src/crunch.cc", 5, exe);
  const uint32_t entry = b.function("worker_entry", "/src/crunch.cc", 90, exe);
  const uint32_t worker = b.thread(0, 101, "worker");
  run(b, b.stackOf({prepare, main}), 0, 0, 250);
  run(b, b.stackOf({parse, prepare, main}), 0, 250, 500);
  run(b, b.stackOf({crunch, main}), 0, 500, 1000);
  run(b, b.stackOf({crunch, entry}), worker, 500, 1000);
  return ProfileView::build(std::move(b.profile()), {"phased.prof"});
}

json get(const ProfileView& view, QueryParams params = {}, int status = 200) {
  const ApiResponse response = handleApi(view, "/api/parallelism", params);
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.body.find('\n'), std::string::npos);
  return json::parse(response.body);
}

// Index of the candidate named `name`, or -1.
int candidate(const json& advice, const std::string& name) {
  for (size_t i = 0; i < advice["candidates"].size(); ++i) {
    if (advice["candidates"][i]["name"] == name) return static_cast<int>(i);
  }
  return -1;
}

double serialOf(const json& advice, const std::string& name) {
  const int i = candidate(advice, name);
  return i < 0 ? 0.0 : advice["candidates"][i]["serial_seconds"].get<double>();
}

TEST(ParallelismApi, WholeRunFindsTheSerialPhase) {
  const ProfileView view = phasedView();
  const json advice = get(view);
  ASSERT_EQ(advice["has_time"], true);
  EXPECT_NEAR(advice["wall_seconds"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(advice["serial_fraction"].get<double>(), 0.5, 0.02);
  ASSERT_FALSE(advice["candidates"].empty());
  EXPECT_EQ(advice["candidates"][0]["name"], "prepare");
  EXPECT_NEAR(serialOf(advice, "prepare"), 0.5, 0.02);
  EXPECT_LT(serialOf(advice, "crunch"), 0.02);  // it ran on two threads at once
  EXPECT_TRUE(advice.contains("speedup_ceiling"));
  EXPECT_FALSE(advice.contains("amdahl_bound"));
  EXPECT_EQ(advice["selection"], json({{"threads", nullptr}, {"pid", nullptr}, {"from_ns", 0}, {"to_ns", nullptr}}));
}

TEST(ParallelismApi, OneThreadMakesItsWorkSerial) {
  const ProfileView view = phasedView();
  const json advice = get(view, {{"threads", "1"}});
  ASSERT_EQ(advice["has_time"], true);
  EXPECT_NEAR(advice["wall_seconds"].get<double>(), 1.0, 1e-9);  // the window: the whole run
  EXPECT_NEAR(advice["cpu_seconds"].get<double>(), 0.5, 1e-9);   // the worker's only
  ASSERT_FALSE(advice["candidates"].empty());
  EXPECT_EQ(advice["candidates"][0]["name"], "crunch");  // alone on the worker: serial
  EXPECT_NEAR(serialOf(advice, "crunch"), 0.5, 0.02);
  EXPECT_EQ(candidate(advice, "prepare"), -1);  // main's, not selected
  EXPECT_EQ(advice["selection"]["threads"], json::array({1}));
}

TEST(ParallelismApi, TimeRangeIsTheWallTime) {
  const ProfileView view = phasedView();
  const json first = get(view, {{"from", "0"}, {"to", std::to_string(500 * kMs)}});
  ASSERT_EQ(first["has_time"], true);
  EXPECT_NEAR(first["wall_seconds"].get<double>(), 0.5, 1e-9);
  // Samples are selected by timestamp (the one reported at 500 ms is outside [0, 500 ms)).
  EXPECT_NEAR(first["cpu_seconds"].get<double>(), 0.5, 0.003);
  EXPECT_NEAR(first["serial_fraction"].get<double>(), 1.0, 0.02);
  ASSERT_FALSE(first["candidates"].empty());
  EXPECT_EQ(first["candidates"][0]["name"], "prepare");
  EXPECT_EQ(candidate(first, "crunch"), -1);  // ran only after the range
  EXPECT_EQ(first["selection"]["to_ns"], 500 * kMs);

  const json second = get(view, {{"from", std::to_string(500 * kMs)}, {"to", std::to_string(1000 * kMs)}});
  EXPECT_NEAR(second["wall_seconds"].get<double>(), 0.5, 1e-9);
  EXPECT_NEAR(second["cpu_seconds"].get<double>(), 1.0, 0.003);
  EXPECT_LT(second["serial_fraction"].get<double>(), 0.05);  // both threads busy throughout
  EXPECT_EQ(candidate(second, "prepare"), -1);
  EXPECT_LT(serialOf(second, "crunch"), 0.02);

  // Range and thread together: the worker's second half alone is serial crunch.
  const json both = get(view, {{"threads", "1"}, {"from", std::to_string(500 * kMs)}, {"to", std::to_string(1000 * kMs)}});
  EXPECT_NEAR(both["wall_seconds"].get<double>(), 0.5, 1e-9);
  EXPECT_NEAR(serialOf(both, "crunch"), 0.5, 0.02);
}

TEST(ParallelismApi, EveryRowCarriesItsFrameIds) {
  const ProfileView view = phasedView();
  const json frames = json::parse(handleApi(view, "/api/frames", {}).body);
  const auto name = [&](const json& id) { return frames["name"][id.get<size_t>()]; };
  for (const json& advice : {get(view), get(view, {{"from", "0"}, {"to", std::to_string(500 * kMs)}})}) {
    ASSERT_FALSE(advice["candidates"].empty());
    for (const json& c : advice["candidates"]) {
      EXPECT_EQ(name(c["frame"]), c["name"]);
      ASSERT_EQ(c["context_frames"].size(), c["context"].size());
      for (size_t i = 0; i < c["context"].size(); ++i) EXPECT_EQ(name(c["context_frames"][i]), c["context"][i]);
      EXPECT_EQ(c["context"].back(), c["name"]);
      for (const json& callee : c["callees"]) EXPECT_EQ(name(callee["frame"]), callee["name"]);
      EXPECT_TRUE(c["predicted_speedup"].contains("2"));
      EXPECT_TRUE(c["predicted_speedup_threads"].contains("2"));
    }
    EXPECT_EQ(advice["candidates"][0]["context"], json({"main", "prepare"}));
    for (const char* key : {"functions", "lines"}) {
      ASSERT_FALSE(advice[key].empty()) << key;
      for (const json& row : advice[key]) EXPECT_EQ(name(row["frame"]), row["name"]) << key;
    }
    EXPECT_EQ(advice["frame_serial_share"].size(), frames["name"].size());
  }
  // prepare spent half its serial time in parse: parse is its callee, not a second candidate.
  const json advice = get(view);
  const json& prepare = advice["candidates"][candidate(advice, "prepare")];
  bool parse_listed = false;
  for (const json& callee : prepare["callees"]) parse_listed = parse_listed || callee["name"] == "parse";
  EXPECT_TRUE(parse_listed) << prepare.dump();
}

TEST(ParallelismApi, WholeRunAnswerIsKeptAndSelectionsDoNotReplaceIt) {
  const ProfileView view = phasedView();
  const std::string whole = handleApi(view, "/api/parallelism", {}).body;
  const std::string ranged = handleApi(view, "/api/parallelism", {{"from", "0"}, {"to", "500000000"}}).body;
  EXPECT_NE(ranged, whole);
  EXPECT_EQ(handleApi(view, "/api/parallelism", {{"from", "0"}, {"to", "500000000"}}).body, ranged);  // deterministic
  EXPECT_EQ(handleApi(view, "/api/parallelism", {}).body, whole);
  EXPECT_EQ(handleApi(view, "/api/parallelism", {{"frames", "mixed"}}).body, whole);
  // A selection of every thread is still a selection (computed, same numbers).
  const json all = get(view, {{"threads", "0,1"}});
  EXPECT_DOUBLE_EQ(all["wall_seconds"].get<double>(), json::parse(whole)["wall_seconds"].get<double>());
  EXPECT_EQ(all["candidates"], json::parse(whole)["candidates"]);
}

TEST(ParallelismApi, BadSelectionsAre400s) {
  const ProfileView view = phasedView();
  const std::vector<QueryParams> bad = {
      {{"threads", "1,x"}}, {{"threads", "1,"}},      {{"from", "-1"}},
      {{"from", "5"}, {"to", "5"}},                   {{"from", "9"}, {"to", "5"}},
      {{"pid", "abc"}},     {{"pid", "99999999999"}}, {{"to", "1e9"}},
      {{"threads", "0"}, {"threads", "1"}},           {{"frames", "both"}, {"from", "0"}},
  };
  for (const QueryParams& params : bad) {
    const json error = get(view, params, 400);
    std::string query;
    for (const auto& [key, value] : params) query += key + "=" + value + "&";
    EXPECT_TRUE(error["error"].is_string()) << query;
  }
  EXPECT_NE(get(view, {{"from", "5"}, {"to", "5"}}, 400)["error"].get<std::string>().find("'to'"), std::string::npos);
}

}  // namespace
}  // namespace pprof::server

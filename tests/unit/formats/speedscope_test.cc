// speedscope export, checked against the rules of speedscope's file-format-schema.json (required
// keys, types, unit enum) and the semantics speedscope relies on: indexes in range, samples and
// weights of equal length, root-first stacks, time order, endValue - startValue = sum(weights).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "formats/speedscope.h"
#include "sample_profiles.h"

namespace pprof::formats {
namespace {

using nlohmann::json;

json exportJson(const Profile& p) {
  std::string text = encodeSpeedscope(p, "sample.prof");
  return json::parse(text);  // throws (fails the test) on invalid JSON
}

void expectSchemaShape(const json& file) {
  ASSERT_TRUE(file.is_object());
  EXPECT_EQ(file.at("$schema"), "https://www.speedscope.app/file-format-schema.json");
  ASSERT_TRUE(file.at("shared").at("frames").is_array());
  for (const json& frame : file["shared"]["frames"]) {
    ASSERT_TRUE(frame.at("name").is_string());
    EXPECT_TRUE(!frame.contains("file") || frame["file"].is_string()) << frame;
    EXPECT_TRUE(!frame.contains("line") || frame["line"].is_number()) << frame;
  }
  ASSERT_TRUE(file.at("profiles").is_array());
  EXPECT_TRUE(file.at("name").is_string());
  EXPECT_TRUE(file.at("exporter").is_string());
  EXPECT_TRUE(file.at("activeProfileIndex").is_number());
  const std::set<std::string> units = {"bytes", "microseconds", "milliseconds", "nanoseconds", "none", "seconds"};
  const size_t frames = file["shared"]["frames"].size();
  for (const json& profile : file["profiles"]) {
    EXPECT_EQ(profile.at("type"), "sampled");
    EXPECT_TRUE(profile.at("name").is_string());
    EXPECT_TRUE(units.count(profile.at("unit").get<std::string>()));
    ASSERT_TRUE(profile.at("startValue").is_number());
    ASSERT_TRUE(profile.at("endValue").is_number());
    const json& samples = profile.at("samples");
    const json& weights = profile.at("weights");
    ASSERT_EQ(samples.size(), weights.size());
    uint64_t total = 0;
    for (size_t i = 0; i < samples.size(); ++i) {
      ASSERT_TRUE(samples[i].is_array());
      EXPECT_FALSE(samples[i].empty());
      for (const json& index : samples[i]) {
        ASSERT_TRUE(index.is_number_unsigned()) << index;
        EXPECT_LT(index.get<size_t>(), frames);
      }
      total += weights[i].get<uint64_t>();
    }
    EXPECT_EQ(profile["endValue"].get<uint64_t>() - profile["startValue"].get<uint64_t>(), total);
  }
  EXPECT_LT(file["activeProfileIndex"].get<size_t>(), std::max<size_t>(1, file["profiles"].size()));
}

std::vector<std::string> names(const json& file, const json& stack) {
  std::vector<std::string> out;
  for (const json& index : stack) out.push_back(file["shared"]["frames"][index.get<size_t>()]["name"]);
  return out;
}

TEST(SpeedscopeExport, SchemaShape) {
  json file = exportJson(testing::sampleProfile());
  expectSchemaShape(file);
  EXPECT_EQ(file["name"], "sample.prof");
}

TEST(SpeedscopeExport, OneProfilePerThreadInTimeOrder) {
  Profile p = testing::sampleProfile();
  std::reverse(p.samples.begin(), p.samples.end());  // input order must not matter
  json file = exportJson(p);
  ASSERT_EQ(file["profiles"].size(), 3u);
  EXPECT_EQ(file["profiles"][0]["name"], "app (tid 100, pid 100)");
  EXPECT_EQ(file["profiles"][1]["name"], "worker-1 (tid 102, pid 100)");
  EXPECT_EQ(file["profiles"][2]["name"], "child (tid 101, pid 101)");
  // Thread 0's samples in time order: stacks 0, 1, 0, 2, 0, 1, 0 with weights 1, 2, 1, 1, 1, 1, 4 ms.
  const json& main = file["profiles"][0];
  std::vector<uint64_t> expected_weights = {1, 2, 1, 1, 1, 1, 4};
  ASSERT_EQ(main["weights"].size(), expected_weights.size());
  for (size_t i = 0; i < expected_weights.size(); ++i) EXPECT_EQ(main["weights"][i], expected_weights[i] * 1000000);
  EXPECT_EQ(main["startValue"], 1000u);  // first sample's timestamp
  EXPECT_EQ(main["unit"], "nanoseconds");
  EXPECT_EQ(names(file, main["samples"][1]), (std::vector<std::string>{"main", "compute(int)", "square", "memcpy"}));
  EXPECT_EQ(names(file, main["samples"][3]), (std::vector<std::string>{"main"}));
  // The heaviest thread is active: thread 0 has 11 ms.
  EXPECT_EQ(file["activeProfileIndex"], 0);
}

TEST(SpeedscopeExport, SharedFramesAreDedupedAndCarryFileAndLine) {
  json file = exportJson(testing::sampleProfile());
  std::set<std::string> seen;
  for (const json& frame : file["shared"]["frames"]) {
    EXPECT_TRUE(seen.insert(frame["name"].get<std::string>()).second) << frame;
    if (frame["name"] == "compute(int)") {
      EXPECT_EQ(frame["file"], "app.cc");
      EXPECT_EQ(frame["line"], 30);
    }
    EXPECT_TRUE(frame["name"] != "memcpy" || !frame.contains("file")) << frame;
  }
  EXPECT_TRUE(seen.count("libc.so.6+0x12345"));
  EXPECT_TRUE(seen.count("0xffffffff81000000"));
  EXPECT_TRUE(seen.count("parse;json"));  // JSON needs no escaping of ';'
}

TEST(SpeedscopeExport, UnknownPeriodUsesUnitNone) {
  Profile p = testing::sampleProfile();
  p.meta.period_ns = 0;
  json file = exportJson(p);
  expectSchemaShape(file);
  EXPECT_EQ(file["profiles"][0]["unit"], "none");
  EXPECT_EQ(file["profiles"][0]["weights"][1], 2);
}

TEST(SpeedscopeExport, EmptyProfileAndBadUtf8) {
  json empty = exportJson(Profile{});
  expectSchemaShape(empty);
  EXPECT_TRUE(empty["profiles"].empty());
  Profile p = testing::sampleProfile();
  p.functions[0].name = "bad\xff\xfe";
  json file = exportJson(p);  // must still be valid JSON
  expectSchemaShape(file);
}

}  // namespace
}  // namespace pprof::formats

// JSON schema and pstats table layout.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analysis/function_label.h"
#include "render/json_render.h"
#include "render/table_render.h"
#include "sample_profile.h"
#include "support/golden.h"

namespace pprof::render {
namespace {

using analysis::SortKey;
using nlohmann::json;

analysis::StatsReport sampleReport(SortKey key, std::optional<size_t> top = std::nullopt) {
  analysis::StatsQuery query;
  query.sort = {key};
  if (top) query.restrictions.push_back(analysis::Restriction::count(*top));
  return analysis::buildStatsReport(testing::renderSampleProfile(), query);
}

std::vector<std::string> keysOf(const json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
  return keys;
}

TEST(JsonRender, SchemaKeysInOrderWithTypes) {
  json doc = json::parse(renderJson(sampleReport(SortKey::kTime)));
  EXPECT_EQ(keysOf(doc), (std::vector<std::string>{"functions", "meta", "threads"}));  // json sorts
  auto ordered = statsToJson(sampleReport(SortKey::kTime));
  std::vector<std::string> top_keys;
  for (auto it = ordered.begin(); it != ordered.end(); ++it) top_keys.push_back(it.key());
  EXPECT_EQ(top_keys, (std::vector<std::string>{"meta", "threads", "functions"}));

  const json& meta = doc["meta"];
  EXPECT_EQ(meta.size(), 11u);
  EXPECT_TRUE(meta["host"].is_string());
  for (const char* key : {"samples", "processes", "threads", "frequency_hz", "lost_samples", "truncated_stacks",
                          "hosts"}) {
    EXPECT_TRUE(meta[key].is_number_unsigned()) << key;
  }
  EXPECT_TRUE(meta["wall_seconds"].is_number());
  EXPECT_TRUE(meta["cpu_seconds"].is_number());
  EXPECT_TRUE(meta["mode"].is_string());

  ASSERT_TRUE(doc["threads"].is_array());
  for (const json& t : doc["threads"]) {
    EXPECT_EQ(t.size(), 7u);
    EXPECT_TRUE(t["host"].is_string());
    EXPECT_TRUE(t["role"].is_string());
    EXPECT_TRUE(t["pid"].is_number_integer());
    EXPECT_TRUE(t["tid"].is_number_integer());
    EXPECT_TRUE(t["name"].is_string());
    EXPECT_TRUE(t["samples"].is_number_unsigned());
    EXPECT_TRUE(t["cpu_seconds"].is_number());
  }
  ASSERT_TRUE(doc["functions"].is_array());
  ASSERT_FALSE(doc["functions"].empty());
  for (const json& f : doc["functions"]) {
    EXPECT_EQ(f.size(), 15u);
    EXPECT_EQ(f["language"], "native");  // the sample profile has no Python
    EXPECT_TRUE(f["gil_percent"].is_null());
    for (const char* key : {"name", "file", "module"}) EXPECT_TRUE(f[key].is_string()) << key;
    for (const char* key : {"line", "self_samples", "total_samples"}) EXPECT_TRUE(f[key].is_number_unsigned()) << key;
    for (const char* key : {"self_seconds", "total_seconds", "self_percent", "total_percent"}) {
      EXPECT_TRUE(f[key].is_number()) << key;
    }
    EXPECT_TRUE(f["calls"].is_null());
    EXPECT_TRUE(f["primitive_calls"].is_null());
    EXPECT_TRUE(f["label"].is_string());
  }
}

TEST(JsonRender, NumbersMatchTheAnalysis) {
  json doc = json::parse(renderJson(sampleReport(SortKey::kTime)));
  EXPECT_EQ(doc["meta"]["samples"], 1000);
  EXPECT_EQ(doc["meta"]["processes"], 2);
  EXPECT_EQ(doc["meta"]["threads"], 3);
  EXPECT_DOUBLE_EQ(doc["meta"]["cpu_seconds"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(doc["meta"]["wall_seconds"].get<double>(), 1.5);
  const json& first = doc["functions"][0];
  EXPECT_EQ(first["name"], "kernel");
  EXPECT_EQ(first["module"], "app");
  EXPECT_EQ(first["self_samples"], 604);
  EXPECT_DOUBLE_EQ(first["self_percent"].get<double>(), 60.4);
  EXPECT_EQ(doc["threads"][0]["name"], "main");
}

TEST(JsonRender, CallsAppearWhenKnownAndBadUtf8IsReplaced) {
  auto report = sampleReport(SortKey::kTime, 1);
  report.functions[0].calls = 12;
  report.functions[0].name = "bad\xff";
  json doc = json::parse(renderJson(report));
  EXPECT_EQ(doc["functions"][0]["calls"], 12);
  EXPECT_EQ(doc["functions"][0]["name"], "bad\xEF\xBF\xBD");
}

TEST(JsonRender, Golden) {
  testing::expectGolden(PPROF_VIEWER_GOLDEN_DIR, "sample_top3.json", renderJson(sampleReport(SortKey::kTime, 3)));
}

TEST(TableRender, GoldenTimeTop3) {
  testing::expectGolden(PPROF_VIEWER_GOLDEN_DIR, "sample_time_top3.txt",
                        renderTable(sampleReport(SortKey::kTime, 3), {{"out.prof"}}));
}

TEST(TableRender, GoldenCumulative) {
  testing::expectGolden(PPROF_VIEWER_GOLDEN_DIR, "sample_cumulative.txt",
                        renderTable(sampleReport(SortKey::kCumulative), {{"out.prof"}}));
}

TEST(TableRender, NoReductionLineWhenTopKeepsEverything) {
  std::string text = renderTable(sampleReport(SortKey::kTime, 100), {{"out.prof"}});
  EXPECT_EQ(text.find("List reduced"), std::string::npos);
  EXPECT_NE(text.find("   Ordered by: internal time\n"), std::string::npos);
}

TEST(TableRender, RowUsesPstatsNumberFormats) {
  analysis::StatsReport report;
  analysis::FunctionStats fn;
  fn.name = "f";
  fn.file = "a.cc";
  fn.line = 7;
  fn.self_samples = 3;
  fn.total_samples = 12345;
  fn.self_seconds = 0.003;
  fn.total_seconds = 12.345;
  fn.self_percent = 0.024;
  fn.total_percent = 99.5;
  fn.label = "a.cc:7(f)";
  report.functions.push_back(fn);
  report.functions_before_limit = 1;
  std::string text = renderTable(report, {{"x"}});
  EXPECT_NE(text.find("    12345    0.003    0.000   12.345    0.001    0.02   99.50 a.cc:7(f)\n"),
            std::string::npos) << text;
  report.functions[0].label = "a.cc:7(f)";
  report.functions[0].calls = 10;
  report.functions[0].primitive_calls = 1;
  text = renderTable(report, {{"x"}});
  EXPECT_NE(text.find("     10/1    0.003    0.000   12.345   12.345"), std::string::npos) << text;
}

TEST(TableRender, LabelsFallBackToModuleAndMirrorPstatsBuiltins) {
  analysis::FunctionStats fn;
  fn.name = "memcpy";
  fn.module = "libc.so.6";
  EXPECT_EQ(analysis::pstatsLabel(analysis::rowLocation(fn), fn.line, fn.name), "libc.so.6:0(memcpy)");
  fn.module.clear();
  EXPECT_EQ(analysis::pstatsLabel(analysis::rowLocation(fn), fn.line, fn.name), "memcpy");
  EXPECT_EQ(analysis::pstatsLabel("~", 0, "<built-in method builtins.len>"), "{built-in method builtins.len}");
  EXPECT_EQ(analysis::pstatsLabel("~", 0, "<lambda"), "<lambda");
  EXPECT_EQ(analysis::pstatsLabel("~", 3, "<x>"), "~:3(<x>)");
}

TEST(TableRender, TerminalOptionsColourAndFitLabels) {
  auto report = sampleReport(SortKey::kTime, 2);
  std::string plain = renderTable(report, {{"out.prof"}});
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  std::string tty = renderTable(report, {{"out.prof"}, true, 80});
  EXPECT_NE(tty.find("\x1b[1m   ncalls"), std::string::npos) << tty;
  EXPECT_NE(tty.find("\x1b[33m"), std::string::npos) << tty;  // kernel: 60% self
  EXPECT_EQ(fitLeft("abcdef", 4), "\xe2\x80\xa6" "def");
  EXPECT_EQ(fitLeft("abcdef", 6), "abcdef");
  EXPECT_EQ(fitLeft("abcdef", 0), "abcdef");
  EXPECT_EQ(fitLeft("\xc3\xa9t\xc3\xa9s", 3), "\xe2\x80\xa6" "\xc3\xa9s");
}

}  // namespace
}  // namespace pprof::render

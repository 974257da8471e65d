// pprof-stats command-line parsing.
#include <gtest/gtest.h>

#include "cli/stats_options.h"

namespace pprof::cli {
namespace {

Result<StatsOptions> parse(std::vector<std::string> args) { return parseStatsOptions(args); }

TEST(StatsOptions, Defaults) {
  auto o = parse({"out.prof"});
  ASSERT_TRUE(o) << o.message();
  EXPECT_EQ(o.value().input, "out.prof");
  EXPECT_EQ(o.value().query.sort, analysis::SortKey::kSelf);
  EXPECT_FALSE(o.value().query.top.has_value());
  EXPECT_EQ(o.value().format, OutputFormat::kTable);
  EXPECT_FALSE(o.value().output.has_value());
}

TEST(StatsOptions, AllFlagsBothSpellings) {
  auto o = parse({"--sort", "cumtime", "--top=10", "x.prof", "--format=json", "-o", "out.json"});
  ASSERT_TRUE(o) << o.message();
  EXPECT_EQ(o.value().input, "x.prof");
  EXPECT_EQ(o.value().query.sort, analysis::SortKey::kTotal);
  EXPECT_EQ(o.value().query.top, 10u);
  EXPECT_EQ(o.value().format, OutputFormat::kJson);
  EXPECT_EQ(o.value().output, "out.json");
  EXPECT_EQ(parse({"--", "-weird.prof"}).value().input, "-weird.prof");
  EXPECT_TRUE(parse({"--help"}).value().help);
}

TEST(StatsOptions, ErrorsNameTheFlag) {
  EXPECT_EQ(parse({"x", "--top", "abc"}).message(), "--top: expected a positive integer, got 'abc'");
  EXPECT_EQ(parse({"x", "--top", "0"}).message(), "--top: expected a positive integer, got '0'");
  EXPECT_EQ(parse({"x", "--top=-3"}).message(), "--top: expected a positive integer, got '-3'");
  EXPECT_EQ(parse({"x", "--top", "5x"}).message(), "--top: expected a positive integer, got '5x'");
  EXPECT_EQ(parse({"x", "--top", "99999999999999999999999"}).message(),
            "--top: expected a positive integer, got '99999999999999999999999'");
  EXPECT_EQ(parse({"x", "--sort", "calls"}).message(),
            "--sort: expected time, tottime, cumulative or cumtime, got 'calls'");
  EXPECT_EQ(parse({"x", "--format", "xml"}).message(), "--format: expected table or json, got 'xml'");
  EXPECT_EQ(parse({"x", "--top"}).message(), "--top: missing value");
  EXPECT_EQ(parse({"x", "--bogus"}).message(), "unknown option '--bogus'");
  EXPECT_EQ(parse({}).message(), "missing FILE (the profile to read)");
  EXPECT_EQ(parse({"a", "b"}).message(), "unexpected extra argument 'b' (one FILE only)");
}

}  // namespace
}  // namespace pprof::cli

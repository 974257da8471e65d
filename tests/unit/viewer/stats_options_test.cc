// pprof-stats command-line parsing.
#include <gtest/gtest.h>

#include "cli/stats_options.h"

namespace pprof::cli {
namespace {

using analysis::SortKey;

Result<StatsOptions> parse(std::vector<std::string> args) { return parseStatsOptions(args); }

TEST(StatsOptions, Defaults) {
  auto o = parse({"out.prof"});
  ASSERT_TRUE(o) << o.message();
  EXPECT_EQ(o.value().inputs, std::vector<std::string>{"out.prof"});
  EXPECT_EQ(o.value().query.sort, std::vector<SortKey>{SortKey::kTime});
  EXPECT_TRUE(o.value().query.restrictions.empty());
  EXPECT_EQ(o.value().format, OutputFormat::kTable);
  EXPECT_FALSE(o.value().output.has_value());
  EXPECT_FALSE(o.value().threads || o.value().strip_dirs);
  EXPECT_EQ(o.value().query.grouping, analysis::Grouping::kFunction);
}

TEST(StatsOptions, AllFlagsBothSpellings) {
  auto o = parse({"--sort", "cumtime,name", "--top=10", "x.prof", "--format=json", "-o", "out.json", "y.prof",
                  "--filter", "foo", "--top", "0.25", "--sort=line", "--callers", "a", "--callees=b", "--by", "file",
                  "--threads", "--pid", "12", "--tid=13", "--strip-dirs"});
  ASSERT_TRUE(o) << o.message();
  const StatsOptions& v = o.value();
  EXPECT_EQ(v.inputs, (std::vector<std::string>{"x.prof", "y.prof"}));
  EXPECT_EQ(v.query.sort, (std::vector<SortKey>{SortKey::kCumulative, SortKey::kName, SortKey::kLine}));
  ASSERT_EQ(v.query.restrictions.size(), 3u);  // in the order given
  EXPECT_EQ(v.query.restrictions[0].repr(), "10");
  EXPECT_EQ(v.query.restrictions[1].repr(), "'foo'");
  EXPECT_EQ(v.query.restrictions[2].repr(), "0.25");
  EXPECT_EQ(v.format, OutputFormat::kJson);
  EXPECT_EQ(v.output, "out.json");
  EXPECT_EQ(v.query.callers->repr(), "'a'");
  EXPECT_EQ(v.query.callees->repr(), "'b'");
  EXPECT_EQ(v.query.grouping, analysis::Grouping::kFile);
  EXPECT_TRUE(v.threads && v.strip_dirs);
  EXPECT_EQ(v.query.filter.pid, 12);
  EXPECT_EQ(v.query.filter.tid, 13);
  EXPECT_EQ(parse({"--", "-weird.prof"}).value().inputs, std::vector<std::string>{"-weird.prof"});
  EXPECT_TRUE(parse({"--help"}).value().help);
  for (const char* f : {"collapsed", "pprof", "speedscope"}) {
    EXPECT_TRUE(isExportFormat(parse({"x", "--format", f}).value().format)) << f;
  }
  EXPECT_EQ(parse({"x", "--top", "0"}).value().query.restrictions[0].repr(), "0");
  EXPECT_EQ(parse({"x", "--top", "0.0"}).value().query.restrictions[0].repr(), "0.0");
}

TEST(StatsOptions, ErrorsNameTheFlag) {
  const std::string top = "--top: expected a count or a fraction in [0, 1), got ";
  EXPECT_EQ(parse({"x", "--top", "abc"}).message(), top + "'abc'");
  EXPECT_EQ(parse({"x", "--top=-3"}).message(), top + "'-3'");
  EXPECT_EQ(parse({"x", "--top", "5x"}).message(), top + "'5x'");
  EXPECT_EQ(parse({"x", "--top", "1.5"}).message(), top + "'1.5'");
  EXPECT_EQ(parse({"x", "--top", "99999999999999999999999"}).message(), top + "'99999999999999999999999'");
  EXPECT_EQ(parse({"x", "--sort", "time,bogus"}).message().substr(0, 33), "--sort: unknown sort key 'bogus' ");
  EXPECT_EQ(parse({"x", "--format", "xml"}).message(),
            "--format: expected table, json, collapsed, pprof or speedscope, got 'xml'");
  EXPECT_EQ(parse({"x", "--by", "thread"}).message(), "--by: expected function, line, file or module, got 'thread'");
  EXPECT_EQ(parse({"x", "--pid", "x1"}).message(), "--pid: expected a number, got 'x1'");
  EXPECT_EQ(parse({"x", "--filter", "("}).message().substr(0, 42), "--filter: invalid regular expression '(': ");
  EXPECT_EQ(parse({"x", "--top"}).message(), "--top: missing value");
  EXPECT_EQ(parse({"x", "--bogus"}).message(), "unknown option '--bogus'");
  EXPECT_EQ(parse({}).message(), "missing FILE (the profile to read)");
}

}  // namespace
}  // namespace pprof::cli

#include "collector/cli_options.h"
#include "collector/print_env.h"

#include <gtest/gtest.h>

namespace pprof::collector {
namespace {

Result<CliOptions> parse(std::vector<std::string> args) { return parseCli(args); }

TEST(CliOptions, DefaultsAndProgram) {
  auto r = parse({"./app", "a", "b"});
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(r.value().output, "out.prof");
  EXPECT_EQ(r.value().frequency_hz, 1000u);
  EXPECT_EQ(r.value().mode, "cpu");
  EXPECT_EQ(r.value().command, (std::vector<std::string>{"./app", "a", "b"}));
}

TEST(CliOptions, AllSpellingsOfValues) {
  for (auto args : std::vector<std::vector<std::string>>{
           {"-o", "x.prof", "-F", "250", "--mode", "wall", "app"},
           {"-ox.prof", "-F250", "--mode=wall", "app"},
           {"--output=x.prof", "--frequency=250", "--mode", "wall", "app"},
           {"--output", "x.prof", "--frequency", "250", "--mode=wall", "--", "app"}}) {
    auto r = parse(args);
    ASSERT_TRUE(r) << r.message();
    EXPECT_EQ(r.value().output, "x.prof");
    EXPECT_EQ(r.value().frequency_hz, 250u);
    EXPECT_EQ(r.value().mode, "wall");
    EXPECT_EQ(r.value().command, std::vector<std::string>{"app"});
  }
}

TEST(CliOptions, OptionsStopAtProgram) {
  auto r = parse({"-F", "10", "app", "-o", "not-ours", "--", "x"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().output, "out.prof");
  EXPECT_EQ(r.value().command, (std::vector<std::string>{"app", "-o", "not-ours", "--", "x"}));
}

TEST(CliOptions, DoubleDashAllowsDashProgram) {
  auto r = parse({"--", "-weird-name", "arg"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().command.front(), "-weird-name");
}

TEST(CliOptions, FrequencyValidation) {
  EXPECT_EQ(parse({"-F", "abc", "app"}).message(), "--frequency: expected an integer in 1..20000, got 'abc'");
  EXPECT_EQ(parse({"--frequency=0", "app"}).message(), "--frequency: expected an integer in 1..20000, got '0'");
  EXPECT_EQ(parse({"-F", "20001", "app"}).message(),
            "--frequency: expected an integer in 1..20000, got '20001'");
  EXPECT_EQ(parse({"-F", "-5", "app"}).message(), "--frequency: expected an integer in 1..20000, got '-5'");
  EXPECT_EQ(parse({"-F", "10x", "app"}).message(), "--frequency: expected an integer in 1..20000, got '10x'");
  EXPECT_EQ(parse({"-F", "99999999999999999999", "app"}).message(),
            "--frequency: expected an integer in 1..20000, got '99999999999999999999'");
  EXPECT_TRUE(parse({"-F", "1", "app"}));
  EXPECT_TRUE(parse({"-F", "20000", "app"}));
}

TEST(CliOptions, OtherErrors) {
  EXPECT_EQ(parse({}).message(), "missing PROGRAM to run (see --help)");
  EXPECT_EQ(parse({"-F", "10"}).message(), "missing PROGRAM to run (see --help)");
  EXPECT_EQ(parse({"--"}).message(), "missing PROGRAM to run (see --help)");
  EXPECT_EQ(parse({"-o"}).message(), "--output: missing value");
  EXPECT_EQ(parse({"--output="}).message(), "--output: expected a file name, got ''");
  EXPECT_EQ(parse({"--mode", "gpu", "app"}).message(), "--mode: expected 'cpu' or 'wall', got 'gpu'");
  EXPECT_EQ(parse({"--bogus", "app"}).message(), "unknown option '--bogus' (see --help)");
  EXPECT_EQ(parse({"-x", "app"}).message(), "unknown option '-x' (see --help)");
  EXPECT_EQ(parse({"--help=1", "app"}).message(), "unknown option '--help=1' (see --help)");
}

TEST(CliOptions, HelpAndVersionNeedNoProgram) {
  EXPECT_TRUE(parse({"-h"}).value().show_help);
  EXPECT_TRUE(parse({"--help"}).value().show_help);
  EXPECT_TRUE(parse({"--version"}).value().show_version);
  EXPECT_NE(usageText().find("--frequency"), std::string::npos);
}

TEST(CliOptions, RegionsOnlyIsAFlagOfLaunchedRuns) {
  auto launched = parseCli({"--regions-only", "./app"});
  ASSERT_TRUE(launched) << launched.message();
  EXPECT_TRUE(launched.value().regions_only);
  EXPECT_FALSE(parseCli({"./app"}).value().regions_only);
  auto attached = parseCli({"--pid", "123", "--regions-only"});
  ASSERT_FALSE(attached);
  EXPECT_NE(attached.message().find("--regions-only"), std::string::npos);
}

TEST(CliOptions, NoPythonIsAFlag) {
  auto parsed = parseCli({"--no-python", "python3", "x.py"});
  ASSERT_TRUE(parsed) << parsed.message();
  EXPECT_TRUE(parsed.value().no_python);
  EXPECT_EQ(parsed.value().command, (std::vector<std::string>{"python3", "x.py"}));
  EXPECT_FALSE(parseCli({"python3"}).value().no_python);
  EXPECT_NE(usageText().find("--no-python"), std::string::npos);
}

TEST(CliOptions, PrintEnvTakesThePatternAndTheSamplingButNoProgram) {
  auto r = parse({"--print-env", "-F", "499", "--mode", "wall"});
  ASSERT_TRUE(r) << r.message();
  EXPECT_TRUE(r.value().print_env);
  EXPECT_EQ(r.value().output, kDefaultOutputPattern);
  EXPECT_EQ(r.value().frequency_hz, 499u);
  auto given = parse({"--print-env", "-o", "/shared/%h/%p.prof"});
  ASSERT_TRUE(given);
  EXPECT_EQ(given.value().output, "/shared/%h/%p.prof");
  for (auto args : std::vector<std::vector<std::string>>{
           {"--print-env", "./app"}, {"--print-env", "--pid", "12"}, {"--print-env", "--regions-only"}}) {
    auto bad = parse(args);
    ASSERT_FALSE(bad) << args.back();
    EXPECT_EQ(bad.message().rfind("--print-env: ", 0), 0u) << bad.message();
  }
}

TEST(PrintEnv, ExportLinesWithTheLibraryFirstAndQuotedValues) {
  auto r = parse({"--print-env", "-o", "it's/%h-%p.prof", "-F", "250", "--no-python"});
  ASSERT_TRUE(r);
  EXPECT_EQ(environmentLines(r.value(), "/opt/pprof/lib/pprof/libpprof-sampler.so"),
            "export LD_PRELOAD='/opt/pprof/lib/pprof/libpprof-sampler.so'${LD_PRELOAD:+:$LD_PRELOAD}\n"
            "export PPROF_OUTPUT='it'\"'\"'s/%h-%p.prof'\n"
            "export PPROF_FREQUENCY=250\n"
            "export PPROF_MODE=cpu\n"
            "export PPROF_PYTHON=0\n");
}

}  // namespace
}  // namespace pprof::collector

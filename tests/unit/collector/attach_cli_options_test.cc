// pprof-run --pid / --duration option parsing (the attach mode, profiler/attach).
#include <gtest/gtest.h>

#include "collector/cli_options.h"

namespace pprof::collector {
namespace {

Result<CliOptions> parse(std::vector<std::string> args) { return parseCli(args); }

TEST(AttachCliOptions, PidWithDefaults) {
  auto r = parse({"--pid", "1234"});
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(r.value().pid, 1234);
  EXPECT_TRUE(r.value().command.empty());
  EXPECT_EQ(r.value().frequency_hz, kDefaultAttachFrequencyHz);
  EXPECT_FALSE(r.value().frequency_given);
  EXPECT_EQ(r.value().duration_s, 0);
  EXPECT_EQ(r.value().mode, "cpu");
  EXPECT_EQ(r.value().output, "out.prof");
}

TEST(AttachCliOptions, AllSpellings) {
  for (auto args : std::vector<std::vector<std::string>>{
           {"--pid", "77", "--duration", "2.5", "-F", "99", "--mode", "wall", "-o", "a.prof"},
           {"--pid=77", "--duration=2.5", "-F99", "--mode=wall", "-oa.prof"},
           {"-p", "77", "--duration", "2.5", "--frequency", "99", "--mode", "wall", "--output", "a.prof"},
           {"-p77", "-F", "99", "--duration=2.5", "--mode", "wall", "-o", "a.prof", "--"}}) {
    auto r = parse(args);
    ASSERT_TRUE(r) << r.message();
    EXPECT_EQ(r.value().pid, 77);
    EXPECT_DOUBLE_EQ(r.value().duration_s, 2.5);
    EXPECT_EQ(r.value().frequency_hz, 99u);
    EXPECT_TRUE(r.value().frequency_given);
    EXPECT_EQ(r.value().mode, "wall");
    EXPECT_EQ(r.value().output, "a.prof");
  }
}

TEST(AttachCliOptions, ExplicitFrequencyIsKeptEvenIfItIsTheLaunchDefault) {
  auto r = parse({"-F", "1000", "--pid", "5"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().frequency_hz, 1000u);
  EXPECT_EQ(parse({"./app"}).value().frequency_hz, kDefaultFrequencyHz);
}

TEST(AttachCliOptions, ErrorsNameTheFlag) {
  EXPECT_EQ(parse({"--pid"}).message(), "--pid: missing value");
  EXPECT_EQ(parse({"--pid", "abc"}).message(), "--pid: expected a process id (a positive integer), got 'abc'");
  EXPECT_EQ(parse({"--pid", "0"}).message(), "--pid: expected a process id (a positive integer), got '0'");
  EXPECT_EQ(parse({"--pid", "-3"}).message(), "--pid: expected a process id (a positive integer), got '-3'");
  EXPECT_EQ(parse({"--pid", "99999999999"}).message(),
            "--pid: expected a process id (a positive integer), got '99999999999'");
  EXPECT_EQ(parse({"--pid", "12", "./app"}).message(),
            "--pid: attaches to a running process, so no PROGRAM to run can follow (got './app')");
  const std::string duration_error =
      "--duration: expected a number of seconds greater than 0 (e.g. 2 or 0.5), got '";
  for (const char* bad : {"0", "-1", "abc", "2s", "", "1e3", "inf", "nan", "700000"}) {
    EXPECT_EQ(parse({"--pid", "12", "--duration", bad}).message(), duration_error + bad + "'") << bad;
  }
  EXPECT_EQ(parse({"--duration", "2", "./app"}).message(),
            "--duration: only with --pid (a launched PROGRAM is profiled until it exits)");
}

TEST(AttachCliOptions, UsageMentionsAttaching) {
  std::string usage = usageText();
  EXPECT_NE(usage.find("pprof-run --pid PID [--duration SECONDS]"), std::string::npos);
  EXPECT_NE(usage.find(std::to_string(kDefaultAttachFrequencyHz) + " with --pid"), std::string::npos);
}

}  // namespace
}  // namespace pprof::collector

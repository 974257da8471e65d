// pprof-run is transparent: stdin, stdout, stderr, exit status (128+N for death by signal N)
// and environment are the program's own; and bad input gets one clear line, a non-zero exit
// and no half-written profile.
#include <signal.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness.h"

extern char** environ;

namespace pprof::itest {
namespace {

TEST(PassthroughTest, StdinStdoutStderrAndExitStatus) {
  TempDir dir;
  std::string profile = dir.path("echo.prof");
  ProcessResult result = run(pprofRunArgv(profile, 1000, {WORKLOAD_PASSTHROUGH, "echo", "7"}), {}, "hello\nworld");
  EXPECT_EQ(result.status, 7);
  EXPECT_EQ(result.out, "stdin:<hello\nworld>\n");
  EXPECT_EQ(result.err.rfind("stderr-line\n", 0), 0u) << "program's stderr must come through first:\n" << result.err;
  EXPECT_NO_THROW(stats(profile));
}

class DeathBySignalTest : public ::testing::TestWithParam<int> {};

TEST_P(DeathBySignalTest, ExitStatusIs128PlusSignal) {
  TempDir dir;
  std::string profile = dir.path("signal.prof");
  int signo = GetParam();
  ProcessResult result = run(pprofRunArgv(profile, 1000, {WORKLOAD_PASSTHROUGH, "signal", std::to_string(signo)}));
  EXPECT_EQ(result.status, 128 + signo) << result.err;
  EXPECT_NO_THROW(stats(profile));
}

INSTANTIATE_TEST_SUITE_P(Signals, DeathBySignalTest, ::testing::Values(SIGTERM, SIGSEGV, SIGABRT));

std::map<std::string, std::string> environmentOf(const std::vector<std::string>& entries) {
  std::map<std::string, std::string> env;
  for (const std::string& entry : entries) {
    size_t eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

TEST(PassthroughTest, ProgramSeesOnlyThePreloadVariablesAdded) {
  TempDir dir;
  ProcessResult result = run(pprofRunArgv(dir.path("env.prof"), 1000, {WORKLOAD_PASSTHROUGH, "env"}),
                             {"PPROF_ITEST_MARKER=a b=c"});
  ASSERT_EQ(result.status, 0) << result.err;
  std::vector<std::string> ours = {"PPROF_ITEST_MARKER=a b=c"};
  for (char** var = environ; *var; ++var) ours.push_back(*var);
  std::map<std::string, std::string> expected = environmentOf(ours), seen = environmentOf(lines(result.out));
  for (const auto& [name, value] : expected) {
    if (name != "LD_PRELOAD") {
      EXPECT_EQ(seen[name], value) << name;
    }
  }
  for (const auto& [name, value] : seen) {
    if (!expected.count(name)) {
      EXPECT_TRUE(name == "LD_PRELOAD" || name == "PPROF_SAMPLER") << "extra variable " << name;
    }
  }
}

// One line naming the problem, a non-zero exit, and no profile left behind.
void expectCleanRefusal(const ProcessResult& result, const std::string& named, const std::string& profile) {
  EXPECT_NE(result.status, 0);
  std::vector<std::string> err = lines(result.err);
  ASSERT_FALSE(err.empty());
  EXPECT_EQ(err.size(), 1u) << result.err;
  EXPECT_NE(err[0].find(named), std::string::npos) << "expected \"" << named << "\" in: " << err[0];
  EXPECT_FALSE(std::filesystem::exists(profile)) << profile << " left behind";
}

TEST(BadInputTest, MissingProgram) {
  TempDir dir;
  std::string profile = dir.path("out.prof");
  expectCleanRefusal(run(pprofRunArgv(profile, 1000, {dir.path("no-such-program")})), "no-such-program", profile);
}

TEST(BadInputTest, NonExecutableFile) {
  TempDir dir;
  std::string profile = dir.path("out.prof"), data = dir.path("data.txt");
  std::ofstream(data) << "not a program\n";
  chmod(data.c_str(), 0644);
  expectCleanRefusal(run(pprofRunArgv(profile, 1000, {data})), "data.txt", profile);
}

TEST(BadInputTest, UnwritableOutputPath) {
  TempDir dir;
  std::string profile = dir.path("no-such-dir/out.prof");
  ProcessResult result = run(pprofRunArgv(profile, 1000, {WORKLOAD_PASSTHROUGH, "echo", "0"}));
  expectCleanRefusal(result, "no-such-dir/out.prof", profile);
  EXPECT_EQ(result.out, "") << "the program ran although its profile could not be written";
}

TEST(BadInputTest, BadFlags) {
  TempDir dir;
  std::string profile = dir.path("out.prof");
  expectCleanRefusal(run({PPROF_RUN_PATH, "-o", profile, "--no-such-flag", "--", WORKLOAD_PASSTHROUGH, "env"}),
                     "--no-such-flag", profile);
  expectCleanRefusal(run({PPROF_RUN_PATH, "-o", profile, "-F", "fast", "--", WORKLOAD_PASSTHROUGH, "env"}),
                     "fast", profile);
  expectCleanRefusal(run({PPROF_RUN_PATH, "-o", profile, "--mode", "sometimes", "--", WORKLOAD_PASSTHROUGH, "env"}),
                     "sometimes", profile);
}

}  // namespace
}  // namespace pprof::itest

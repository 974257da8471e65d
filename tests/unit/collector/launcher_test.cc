#include "collector/launcher.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

namespace pprof::collector {
namespace {

TEST(ResolveProgram, LikeExecvp) {
  ResolvedProgram sh = resolveProgram("sh", "/nonexistent:/bin");
  EXPECT_EQ(sh.error, 0);
  EXPECT_EQ(sh.path, "/bin/sh");
  EXPECT_EQ(resolveProgram("no-such-program-xyz", "/bin").error, ENOENT);
  EXPECT_TRUE(resolveProgram("no-such-program-xyz", "/bin").searched_path);
  EXPECT_EQ(resolveProgram("./no-such", "/bin").error, ENOENT);
  EXPECT_FALSE(resolveProgram("./no-such", "/bin").searched_path);
  EXPECT_EQ(resolveProgram("/etc/passwd", nullptr).error, EACCES);
  EXPECT_EQ(resolveProgram("/etc", nullptr).error, EACCES);
  EXPECT_EQ(resolveProgram("/etc/passwd/x", nullptr).error, ENOTDIR);
  EXPECT_EQ(resolveProgram("", nullptr).error, ENOENT);
}

TEST(ResolveProgram, NonExecutableInPathIsEacces) {
  std::string dir = ::testing::TempDir() + "/resolve_" + std::to_string(getpid());
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0);
  std::ofstream(dir + "/tool") << "#!/bin/sh\n";
  EXPECT_EQ(resolveProgram("tool", dir.c_str()).error, EACCES);
  chmod((dir + "/tool").c_str(), 0755);
  EXPECT_EQ(resolveProgram("tool", ("/nonexistent:" + dir).c_str()).path, dir + "/tool");
  unlink((dir + "/tool").c_str());
  rmdir(dir.c_str());
}

TEST(ExecErrors, ShellExitCodesAndMessages) {
  EXPECT_EQ(exitCodeForExecError(ENOENT), 127);
  EXPECT_EQ(exitCodeForExecError(EACCES), 126);
  EXPECT_EQ(execErrorMessage("./nope", ENOENT, false), "cannot execute './nope': No such file or directory");
  EXPECT_EQ(execErrorMessage("nope", ENOENT, true), "cannot execute 'nope': command not found in PATH");
}

TEST(ChildEnvironment, PrependsPreloadAndReplacesConfig) {
  const char* env[] = {"HOME=/root", "LD_PRELOAD=/other.so", "PPROF_SAMPLER=stale", "X=1", nullptr};
  auto out = childEnvironment(env, "/lib/pprof/s.so", "socket=a;hz=5;mode=cpu");
  EXPECT_EQ(out, (std::vector<std::string>{"HOME=/root", "X=1", "LD_PRELOAD=/lib/pprof/s.so:/other.so",
                                           "PPROF_SAMPLER=socket=a;hz=5;mode=cpu"}));
  const char* bare[] = {"A=b", nullptr};
  auto plain = childEnvironment(bare, "/s.so", "c");
  EXPECT_EQ(plain, (std::vector<std::string>{"A=b", "LD_PRELOAD=/s.so", "PPROF_SAMPLER=c"}));
}

}  // namespace
}  // namespace pprof::collector

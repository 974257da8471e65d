// Behaviour of the real pprof-run binary: bad input, exit status and I/O pass-through.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "support/run_program.h"

namespace pprof::collector {
namespace {

using pprof::testing::lineCount;
using pprof::testing::RunResult;
using pprof::testing::runProgram;
using pprof::testing::shellStatus;
using std::filesystem::exists;

class PprofRunBinary : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = ::testing::TempDir() + "/pprof_run_" + std::to_string(getpid()) + "_" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(mkdir(dir.c_str(), 0755), 0) << dir;
    output = dir + "/out.prof";
  }
  void TearDown() override { std::system(("rm -rf '" + dir + "'").c_str()); }

  RunResult run(std::vector<std::string> args, const std::string& stdin_path = "/dev/null") {
    args.insert(args.begin(), PPROF_RUN_PATH);
    return runProgram(args, dir, stdin_path);
  }

  std::string dir;
  std::string output;
};

TEST_F(PprofRunBinary, MissingProgramIs127WithOneLine) {
  RunResult r = run({"-o", output, "./nope-not-here"});
  EXPECT_EQ(r.exit_status, 127);
  EXPECT_EQ(r.err, "pprof-run: cannot execute './nope-not-here': No such file or directory\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(exists(output));
  r = run({"-o", output, "no-such-command-in-path-xyz"});
  EXPECT_EQ(r.exit_status, 127);
  EXPECT_EQ(lineCount(r.err), 1u);
}

TEST_F(PprofRunBinary, NonExecutableFileIs126) {
  std::string data = dir + "/data.txt";
  std::ofstream(data) << "not a program\n";
  RunResult r = run({"-o", output, data});
  EXPECT_EQ(r.exit_status, 126);
  EXPECT_EQ(r.err, "pprof-run: cannot execute '" + data + "': Permission denied\n");
  EXPECT_FALSE(exists(output));
}

TEST_F(PprofRunBinary, UnwritableOutputIs2AndLeavesNothing) {
  std::string bad = dir + "/missing-dir/y.prof";
  RunResult r = run({"-o", bad, "/bin/true"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(r.err, "pprof-run: cannot write '" + bad + "': No such file or directory\n");
  EXPECT_FALSE(exists(bad));
  r = run({"-o", dir, "/bin/true"});  // a directory
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(lineCount(r.err), 1u);
}

TEST_F(PprofRunBinary, BadFlagsAre2WithOneLine) {
  RunResult r = run({"-F", "abc", "/bin/true"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(r.err, "pprof-run: --frequency: expected an integer in 1..20000, got 'abc'\n");
  r = run({"--bogus", "/bin/true"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(r.err, "pprof-run: unknown option '--bogus' (see --help)\n");
  r = run({});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(lineCount(r.err), 1u);
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(exists(dir + "/out.prof"));
}

TEST_F(PprofRunBinary, ExitStatusPassesThrough) {
  RunResult r = run({"-o", output, "/bin/sh", "-c", "exit 3"});
  EXPECT_EQ(r.exit_status, 3) << r.err;
  r = run({"-o", output, "/bin/sh", "-c", "kill -KILL $$"});
  EXPECT_EQ(r.exit_status, 137) << r.err;
  r = run({"-o", output, "/bin/sh", "-c", "kill -TERM $$"});
  EXPECT_EQ(r.exit_status, 143) << r.err;
  EXPECT_TRUE(exists(output));
}

TEST_F(PprofRunBinary, StdioPassesThroughByteForByte) {
  std::string input = dir + "/input";
  std::string bytes("line one\n\0binary\xff\xfe tail without newline", 40);
  std::ofstream(input, std::ios::binary) << bytes;
  RunResult r = run({"-o", output, "/bin/sh", "-c", "cat; printf 'to stderr\\n' >&2"}, input);
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.out, bytes);
  EXPECT_TRUE(r.err.starts_with("to stderr\n")) << r.err;
  EXPECT_NE(r.err.find("\nnext: pprof-stats"), std::string::npos) << r.err;
}

TEST_F(PprofRunBinary, ProgramSeesOnlyPreloadAndConfigAdded) {
  RunResult direct = runProgram({"/usr/bin/env"}, dir);
  RunResult profiled = run({"-o", output, "/usr/bin/env"});
  ASSERT_EQ(profiled.exit_status, 0) << profiled.err;
  std::string filtered;
  std::istringstream lines(profiled.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("LD_PRELOAD=")) {
      EXPECT_NE(line.find("libpprof-sampler.so"), std::string::npos);
    } else if (line.starts_with("PPROF_SAMPLER=")) {
      EXPECT_TRUE(line.starts_with("PPROF_SAMPLER=socket=pprof-run-")) << line;
      EXPECT_TRUE(line.ends_with(";hz=1000;mode=cpu")) << line;
    } else {
      filtered += line + "\n";
    }
  }
  EXPECT_EQ(filtered, direct.out);
}

TEST_F(PprofRunBinary, MalformedStreamIsDroppedNotFatal) {
  RunResult r = run({"-o", output, COLLECTOR_ROGUE_PATH});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.err.find("pprof-run: dropped a malformed stream: connection 1: record type 77 at offset 0: "
                       "unknown record type 77\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("1 malformed stream dropped"), std::string::npos) << r.err;
  EXPECT_EQ(lineCount(r.err), 3u) << r.err;
}

TEST_F(PprofRunBinary, ForwardsSigtermToTheProgram) {
  // The program reports readiness through a FIFO; then pprof-run gets SIGTERM.
  std::string fifo = dir + "/ready";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::vector<std::string> args = {PPROF_RUN_PATH, "-o", output, "/bin/sh", "-c",
                                   "echo ready > '" + fifo + "'; exec /bin/sleep 60"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
  std::string line;
  std::ifstream(fifo) >> line;  // blocks until the program is running
  EXPECT_EQ(line, "ready");
  kill(pid, SIGTERM);
  int status;
  waitpid(pid, &status, 0);
  EXPECT_EQ(shellStatus(status), 143);
}

}  // namespace
}  // namespace pprof::collector

// pprof-view end to end: starts the built binary on a real out.prof, reads the URL it prints,
// talks to it, then stops it with SIGINT/SIGTERM and expects a clean exit.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "format/prof_file.h"
#include "support/run_program.h"

extern char** environ;

namespace pprof::server {
namespace {

std::string scratchDir() {
  char dir[] = "/tmp/pprof-view-test-XXXXXX";
  return mkdtemp(dir) ? dir : "";
}

// A tiny but real out.prof: main -> work, 7 samples.
void writeProfile(const std::string& path) {
  auto writer = ProfWriter::create(path);
  ASSERT_TRUE(writer) << writer.message();
  ProfWriter& w = *writer.value();
  Meta meta;
  meta.producer = "test";
  meta.mode = "cpu";
  meta.frequency_hz = 1000;
  meta.period_ns = 1000000;
  meta.duration_ns = 100000000;
  ASSERT_TRUE(w.writeMeta(meta));
  Process process;
  process.pid = 42;
  const uint32_t proc = w.addProcess(process).value();
  Thread thread;
  thread.process = proc;
  thread.tid = 42;
  thread.name = "main";
  const uint32_t tid = w.addThread(thread).value();
  const uint32_t fmain = w.addFunction({"main", "main", "main.c", 1, kNone}).value();
  const uint32_t fwork = w.addFunction({"work", "work", "main.c", 9, kNone}).value();
  const uint32_t lmain = w.addLocation(kNone, 0x1000).value(), lwork = w.addLocation(kNone, 0x2000).value();
  ASSERT_TRUE(w.setLocationLines(lmain, {{fmain, 3}}));
  ASSERT_TRUE(w.setLocationLines(lwork, {{fwork, 11}}));
  const uint32_t stack = w.addStack({{lwork, lmain}}).value();
  for (uint64_t i = 0; i < 7; ++i) ASSERT_TRUE(w.addSample({stack, tid, i * 1000000, 1, 0}));
  ASSERT_TRUE(w.finish());
}

struct Running {
  pid_t pid = -1;
  std::string out_path;
};

Running start(const std::vector<std::string>& args, const std::string& dir) {
  Running running;
  running.out_path = dir + "/stdout";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, running.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, (dir + "/stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  if (posix_spawn(&running.pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) running.pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return running;
}

// Waits for the URL line (the server prints it once bound); gives up if the program exits.
// "http://127.0.0.1:PORT/?token=HEX32" inside `text`, or "" (no std::regex: GCC 12 warns in
// its headers under ASan).
std::string findUrl(const std::string& text) {
  const std::string prefix = "http://127.0.0.1:";
  const size_t begin = text.find(prefix);
  if (begin == std::string::npos) return "";
  size_t at = begin + prefix.size();
  const size_t digits = text.find_first_not_of("0123456789", at);
  if (digits == at || digits == std::string::npos || text.compare(digits, 8, "/?token=") != 0) return "";
  at = digits + 8;
  const size_t hex_end = std::min(text.find_first_not_of("0123456789abcdef", at), text.size());
  return hex_end - at == 32 ? text.substr(begin, hex_end - begin) : "";
}

std::string awaitUrl(const Running& running) {
  for (;;) {
    const std::string url = findUrl(testing::readBytes(running.out_path));
    if (!url.empty()) return url;
    int status = 0;
    if (waitpid(running.pid, &status, WNOHANG) == running.pid) return "";
    usleep(10000);  // polling a file the child writes; bounded by the ctest timeout
  }
}

int stopWith(const Running& running, int signal_number) {
  kill(running.pid, signal_number);
  int status = 0;
  while (waitpid(running.pid, &status, 0) < 0 && errno == EINTR) {
  }
  return testing::shellStatus(status);
}

class PprofViewBinaryTest : public ::testing::TestWithParam<int> {};

TEST_P(PprofViewBinaryTest, ServesPrintsUrlAndStopsCleanly) {
  const std::string dir = scratchDir();
  ASSERT_FALSE(dir.empty());
  writeProfile(dir + "/run.prof");
  const Running running = start({PPROF_VIEW_BIN, dir + "/run.prof", "-p", "0", "--no-browser"}, dir);
  ASSERT_GT(running.pid, 0);
  const std::string url = awaitUrl(running);
  ASSERT_FALSE(url.empty()) << testing::readBytes(dir + "/stderr");
  EXPECT_EQ(testing::lineCount(testing::readBytes(running.out_path)), 1u);

  const size_t port_begin = std::string("http://127.0.0.1:").size();
  const int port = std::stoi(url.substr(port_begin));
  const std::string token = url.substr(url.find("token=") + 6);
  httplib::Client cli("127.0.0.1", port);
  auto meta = cli.Get("/api/meta?token=" + token);
  ASSERT_TRUE(meta);
  EXPECT_EQ(meta->status, 200);
  EXPECT_NE(meta->body.find("\"samples\":7"), std::string::npos) << meta->body;
  auto refused = cli.Get("/api/meta");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);

  EXPECT_EQ(stopWith(running, GetParam()), 0);
  EXPECT_EQ(testing::readBytes(dir + "/stderr"), "");
}

INSTANTIATE_TEST_SUITE_P(Signals, PprofViewBinaryTest, ::testing::Values(SIGINT, SIGTERM));

TEST(PprofViewBinaryErrorsTest, BadInputIsOneLineAndExit1) {
  const std::string dir = scratchDir();
  const testing::RunResult missing = testing::runProgram({PPROF_VIEW_BIN, dir + "/nope.prof", "--no-browser"}, dir);
  EXPECT_EQ(missing.exit_status, 1);
  EXPECT_EQ(testing::lineCount(missing.err), 1u) << missing.err;
  const testing::RunResult usage = testing::runProgram({PPROF_VIEW_BIN, "-p", "x"}, dir);
  EXPECT_EQ(usage.exit_status, 1);
  EXPECT_EQ(testing::lineCount(usage.err), 1u) << usage.err;
  // A missing BASE is named as the --diff file, not taken for the profile shown.
  writeProfile(dir + "/new.prof");
  const testing::RunResult base = testing::runProgram(
      {PPROF_VIEW_BIN, "--diff", dir + "/gone.prof", dir + "/new.prof", "--no-browser"}, dir);
  EXPECT_EQ(base.exit_status, 1);
  EXPECT_EQ(testing::lineCount(base.err), 1u) << base.err;
  EXPECT_NE(base.err.find("--diff: cannot read '" + dir + "/gone.prof'"), std::string::npos) << base.err;
}

TEST(PprofViewBinaryErrorsTest, NonLoopbackHostWarns) {
  const std::string dir = scratchDir();
  writeProfile(dir + "/run.prof");
  const Running running = start({PPROF_VIEW_BIN, dir + "/run.prof", "-H", "0.0.0.0", "-p", "0", "--no-browser"}, dir);
  ASSERT_GT(running.pid, 0);
  ASSERT_FALSE(awaitUrl(running).empty());
  EXPECT_EQ(stopWith(running, SIGINT), 0);
  const std::string err = testing::readBytes(dir + "/stderr");
  EXPECT_NE(err.find("warning: listening on 0.0.0.0"), std::string::npos) << err;
  EXPECT_EQ(testing::lineCount(err), 1u);
}

}  // namespace
}  // namespace pprof::server

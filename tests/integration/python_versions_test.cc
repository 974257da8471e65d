// Python frames beyond the two interpreters of the other suites: every CPython minor the layout
// table has rows for (3.8 to 3.13, pyenv builds where installed: each must give merged stacks
// with the sandwich's Python functions), versions it has none for (3.6, 3.7: native frames, one
// line saying why, the program unchanged), and processes started by a forkserver Pool and by
// subprocess.run([sys.executable, ...]).
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <set>
#include <string>

#include "python_support.h"

namespace pprof::itest {
namespace {

std::string pyenvRoot() {
  const char* home = getenv("HOME");
  return getenv("PYENV_ROOT") ? getenv("PYENV_ROOT") : std::string(home ? home : "/root") + "/.pyenv";
}

std::string pyenvPython(const std::string& version) {
  const std::string root = pyenvRoot();
  for (const char* name : {"python3", "python"}) {
    const std::string path = root + "/versions/" + version + "/bin/" + name;
    if (access(path.c_str(), X_OK) == 0) return path;
  }
  return "";
}

std::string installedVersion(const std::string& minor) {
  const std::string root = pyenvRoot();
  ProcessResult ls = run({"/bin/sh", "-c", "ls " + root + "/versions 2>/dev/null | grep '^" + minor + "\\.' | head -1"});
  std::string v = ls.out;
  while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
  return v;
}

class SupportedVersion : public ::testing::TestWithParam<std::string> {};

TEST_P(SupportedVersion, SandwichIsMerged) {
  const std::string version = installedVersion(GetParam());
  const std::string python = version.empty() ? "" : pyenvPython(version);
  if (python.empty()) GTEST_SKIP() << "no pyenv build of Python " << GetParam();
  TempDir dir;
  const std::string profile = dir.path("v.prof");
  ProcessResult plain = run({python, pythonWorkload("fib_sandwich.py")});
  ProcessResult profiled = run(pprofRunArgv(profile, 1000, {python, pythonWorkload("fib_sandwich.py")}));
  ASSERT_EQ(profiled.status, plain.status) << profiled.err;
  EXPECT_EQ(profiled.out, plain.out);
  EXPECT_NE(profiled.err.find("Python " + version + " ("), std::string::npos) << profiled.err;
  LoadedProfile loaded = loadProfile(profile);
  EXPECT_EQ(loaded.view_stats.merge_failures, 0u);
  size_t with_fib = 0;
  for (const ViewSample& s : loaded.mixed) {
    const int module = findFrame(s.frames, "<module>");
    const int fib = findFrame(s.frames, "fib");
    if (module < 0 || fib < 0) continue;
    ++with_fib;
    EXPECT_GE(findFrame(s.frames, "main", static_cast<size_t>(module)), 0) << joinNames(s.frames);
    const int sorted = findFrame(s.frames, "builtin_sorted", static_cast<size_t>(module));
    EXPECT_GE(sorted, 0) << joinNames(s.frames);
    EXPECT_LT(sorted, fib) << joinNames(s.frames);
  }
  EXPECT_GT(with_fib, 10u) << "Python " << version;
}

INSTANTIATE_TEST_SUITE_P(Pyenv, SupportedVersion, ::testing::Values("3.8", "3.9", "3.10", "3.11", "3.12", "3.13"),
                         [](const auto& info) {
                           std::string n = "Python" + info.param;
                           for (char& c : n) c = c == '.' ? '_' : c;
                           return n;
                         });

class UnsupportedVersion : public ::testing::TestWithParam<std::string> {};

TEST_P(UnsupportedVersion, NativeFramesAndOneLineSayingWhy) {
  const std::string version = installedVersion(GetParam());
  const std::string python = version.empty() ? "" : pyenvPython(version);
  if (python.empty()) GTEST_SKIP() << "no pyenv build of Python " << GetParam();
  TempDir dir;
  const std::string profile = dir.path("old.prof");
  ProcessResult plain = run({python, pythonWorkload("fib_sandwich.py")});
  ProcessResult profiled = run(pprofRunArgv(profile, 1000, {python, pythonWorkload("fib_sandwich.py")}));
  ASSERT_EQ(profiled.status, plain.status) << profiled.err;
  EXPECT_EQ(profiled.out, plain.out);
  EXPECT_NE(profiled.err.find(": Python " + version + ": unsupported Python version (3.8 to 3.13 are read): native frames only"),
            std::string::npos)
      << profiled.err;
  LoadedProfile loaded = loadProfile(profile);
  EXPECT_EQ(loaded.view_stats.python_samples, 0u);
  EXPECT_FALSE(loaded.raw.samples.empty());
  bool noted = false;
  for (const Process& p : loaded.raw.processes) noted = noted || (p.python_version == version && !p.python_note.empty());
  EXPECT_TRUE(noted);
}

INSTANTIATE_TEST_SUITE_P(Pyenv, UnsupportedVersion, ::testing::Values("3.6", "3.7"), [](const auto& info) {
  std::string n = "Python" + info.param;
  for (char& c : n) c = c == '.' ? '_' : c;
  return n;
});

class ProcessKinds : public ::testing::TestWithParam<std::string> {};

TEST_P(ProcessKinds, ForkserverPoolAndSubprocessWorkersAreNamed) {
  const Interpreter python = interpreter(GetParam());
  if (python.path.empty()) GTEST_SKIP() << "no " << GetParam() << " interpreter";
  TempDir dir;
  const std::string profile = dir.path("kinds.prof");
  ProcessResult profiled = run(pprofRunArgv(profile, 1000, {python.path, pythonWorkload("process_kinds.py")}));
  ASSERT_EQ(profiled.status, 0) << profiled.err;
  LoadedProfile loaded = loadProfile(profile);
  std::map<std::string, std::set<int32_t>> pids;  // work function -> processes it ran in
  for (const ViewSample& s : loaded.mixed) {
    for (const char* name : {"forkserver_work", "subprocess_work"}) {
      if (findFrame(s.frames, name) >= 0) pids[name].insert(s.pid);
    }
  }
  EXPECT_GE(pids["forkserver_work"].size(), 1u);
  EXPECT_EQ(pids["subprocess_work"].size(), 1u);
  if (!pids["subprocess_work"].empty() && !pids["forkserver_work"].empty()) {
    EXPECT_EQ(pids["forkserver_work"].count(*pids["subprocess_work"].begin()), 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Interpreters, ProcessKinds, ::testing::ValuesIn(interpreterNames()),
                         [](const auto& info) { return info.param; });

// A thread native code created that calls into Python (a ctypes callback run by a raw
// pthread): its Python frames are recorded and merged under the native thread's own entry.
TEST_P(ProcessKinds, NativeThreadCallingIntoPython) {
  const Interpreter python = interpreter(GetParam());
  if (python.path.empty()) GTEST_SKIP() << "no " << GetParam() << " interpreter";
  TempDir dir;
  ProcessResult profiled = run(pprofRunArgv(dir.path("cb.prof"), 1000, {python.path, pythonWorkload("native_thread_callback.py")}));
  ASSERT_EQ(profiled.status, 0) << profiled.err;
  EXPECT_EQ(profiled.out, "native thread done True\n");
  LoadedProfile loaded = loadProfile(dir.path("cb.prof"));
  EXPECT_EQ(loaded.view_stats.merge_failures, 0u);
  size_t in_body = 0;
  for (const ViewSample& s : loaded.mixed) {
    const int body = findFrame(s.frames, "c_thread_body");
    if (body < 0) continue;
    ++in_body;
    EXPECT_NE(s.tid, s.pid) << joinNames(s.frames);
    const int entry = findFrame(s.frames, "start_thread");  // the native thread's entry, rootward
    EXPECT_GE(entry, 0) << joinNames(s.frames);
    EXPECT_LT(entry, body) << joinNames(s.frames);
  }
  EXPECT_GT(in_body, 20u);
}

// pytest (Debian's python3-pytest, with its faulthandler plugin on): the same report, the same
// exit status (1: one test fails), and the test's own function in the profile.
TEST(Pytest, ReportAndStatusUnchanged) {
  const Interpreter python = interpreter("debian");
  if (python.path.empty()) GTEST_SKIP() << "no Debian python3.11";
  if (run({python.path, "-c", "import pytest"}).status != 0) GTEST_SKIP() << "pytest not installed (python3-pytest)";
  TempDir dir;
  const std::vector<std::string> argv = {python.path, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                         pythonWorkload("test_under_pytest.py")};
  ProcessResult plain = run(argv);
  ProcessResult profiled = run(pprofRunArgv(dir.path("pytest.prof"), 1000, argv));
  auto withoutTimes = [](std::string text) {  // "2 passed in 0.31s" differs run to run
    const size_t at = text.rfind(" in ");
    return at == std::string::npos ? text : text.substr(0, at);
  };
  EXPECT_EQ(plain.status, 1) << plain.out << plain.err;
  EXPECT_EQ(profiled.status, plain.status) << profiled.err;
  EXPECT_EQ(withoutTimes(profiled.out), withoutTimes(plain.out));
  LoadedProfile loaded = loadProfile(dir.path("pytest.prof"));
  size_t in_work = 0;
  for (const ViewSample& s : loaded.mixed) in_work += findFrame(s.frames, "work") >= 0 && findFrame(s.frames, "test_passes") >= 0;
  EXPECT_GT(in_work, 10u);
}

}  // namespace
}  // namespace pprof::itest

// The program is sacred (issue 10): each workload of tests/workloads/python runs plainly and
// under pprof-run, with both interpreters; exit status, stdout and stderr must be byte-identical.
// Then the profile is checked where the case says something about names: non-ASCII names, code
// object churn (no name from a dead code object), asyncio's coroutine chain, exceptions.
#include <gtest/gtest.h>

#include <cstdio>

#include <regex>
#include <set>

#include "python_support.h"

namespace pprof::itest {
namespace {

struct Case {
  const char* name;
  std::vector<std::string> python_options;
  const char* script;
  std::vector<std::string> args;
};

const Case kCases[] = {
    {"raises", {}, "raises.py", {}},
    {"faulthandler", {"-X", "faulthandler"}, "raises.py", {}},
    {"settrace_setprofile", {}, "tracing.py", {}},
    {"settrace_faulthandler", {"-X", "faulthandler"}, "tracing.py", {}},
    {"shutdown_threads", {}, "shutdown_threads.py", {}},
    {"fork_in_threaded_parent", {}, "fork_threaded.py", {}},
    {"os_exit_in_worker", {}, "os_exit_worker.py", {}},
    {"non_ascii", {}, "ünïcode_名前.py", {}},
    {"code_churn", {}, "churn.py", {"600"}},
    {"exceptions", {}, "exceptions.py", {}},
    {"asyncio", {}, "asyncio_tasks.py", {}},
};

struct Runs {
  ProcessResult plain, profiled;
  std::string profile;
};

Runs runBoth(const Interpreter& python, const Case& c, const std::vector<std::string>& pprof_options = {}) {
  static TempDir dir(/*shared=*/true);
  std::vector<std::string> argv = {python.path};
  argv.insert(argv.end(), c.python_options.begin(), c.python_options.end());
  argv.push_back(pythonWorkload(c.script));
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  Runs runs;
  runs.plain = run(argv);
  runs.profile = dir.path(std::string(c.name) + "-" + python.name + (pprof_options.empty() ? "" : "-opt") + ".prof");
  runs.profiled = run(pprofRunArgv(runs.profile, 1000, argv, pprof_options));
  return runs;
}

// pprof-run's own two lines (summary, "next:") end its stderr; the program's stderr is before.
std::string programStderr(const std::string& err) {
  size_t at = err.rfind("pprof-run: ");
  while (at != std::string::npos && at != 0 && err[at - 1] != '\n') at = err.rfind("pprof-run: ", at - 1);
  return at == std::string::npos ? err : err.substr(0, at);
}

class PythonRobustnessTest : public ::testing::TestWithParam<std::tuple<std::string, size_t>> {
 protected:
  void SetUp() override {
    python_ = interpreter(std::get<0>(GetParam()));
    if (python_.path.empty()) GTEST_SKIP() << "no " << std::get<0>(GetParam()) << " interpreter on this machine";
  }
  const Case& testCase() const { return kCases[std::get<1>(GetParam())]; }
  Interpreter python_;
};

TEST_P(PythonRobustnessTest, OutputAndStatusUnchangedAndProfileReadable) {
  const Case& c = testCase();
  Runs runs = runBoth(python_, c);
  ASSERT_FALSE(runs.plain.timed_out);
  ASSERT_FALSE(runs.profiled.timed_out) << "hung under pprof-run";
  EXPECT_EQ(runs.profiled.status, runs.plain.status) << runs.profiled.err;
  EXPECT_EQ(runs.profiled.out, runs.plain.out);
  EXPECT_EQ(programStderr(runs.profiled.err), runs.plain.err) << "full stderr under pprof-run:\n" << runs.profiled.err;
  LoadedProfile profile = loadProfile(runs.profile);
  EXPECT_GT(profile.view_stats.python_samples, 0u) << "no Python frames recorded";
  nlohmann::json json = stats(runs.profile);
  std::printf("python robustness (%s, %s): status %d, %zu samples, %llu with Python frames, %g merge failures\n",
              python_.name.c_str(), c.name, runs.profiled.status, profile.raw.samples.size(),
              static_cast<unsigned long long>(profile.view_stats.python_samples),
              json["meta"]["python"]["merge_failures"].get<double>());

  std::string name = c.name;
  if (name == "raises" || name == "faulthandler") {
    EXPECT_EQ(runs.plain.status, 1);
    EXPECT_NE(runs.plain.err.find("ValueError: bad value 42"), std::string::npos) << runs.plain.err;
    EXPECT_GT(totalPercent(json, "work"), 50);
  } else if (name == "non_ascii") {
    const nlohmann::json* function = findFunction(json, "función");
    ASSERT_NE(function, nullptr) << "función not in the profile";
    EXPECT_EQ(function->at("language"), "python");
    const std::string file = function->at("file").get<std::string>();
    EXPECT_TRUE(file.size() >= 18 && file.ends_with("/ünïcode_名前.py")) << file;
    EXPECT_NE(findFunction(json, "計算"), nullptr);
    EXPECT_GT(totalPercent(json, "función"), 50);
  } else if (name == "code_churn") {
    // Every sampled Python frame of a churn file is f<i> (<churn-exec>) or g<i> (<churn-replace>)
    // with i < 600, and no other file has such names; the module code of <churn-exec> never runs,
    // so a <module> frame there can only be a dead code object's name.
    const std::regex f_name("f([0-9]+)"), g_name("g([0-9]+)");
    size_t churn_frames = 0;
    std::set<std::string> bad;
    std::set<std::string> names;
    for (const ViewSample& s : profile.mixed) {
      for (const Frame& frame : s.frames) {
        if (!frame.python) continue;
        std::smatch m;
        bool is_f = std::regex_match(frame.name, m, f_name) && std::stoi(m[1]) < 600;
        bool is_g = !is_f && std::regex_match(frame.name, m, g_name) && std::stoi(m[1]) < 600;
        if (frame.file == "<churn-exec>" || frame.file == "<churn-replace>") {
          ++churn_frames;
          names.insert(frame.name);
          bool ok = frame.file == "<churn-exec>" ? is_f : is_g;
          if (!ok) bad.insert(frame.file + ":" + frame.name);
          if (frame.name == "<module>" || frame.name == "template") bad.insert(frame.file + ":" + frame.name);
        } else if (is_f || is_g) {
          bad.insert(frame.file + ":" + frame.name);
        }
      }
    }
    EXPECT_GT(churn_frames, 200u);
    EXPECT_GT(names.size(), 100u) << "distinct churn functions sampled";
    std::string bad_text;
    for (const std::string& b : bad) bad_text += " " + b;
    EXPECT_TRUE(bad.empty()) << "names that never existed with that file:" << bad_text;
  } else if (name == "exceptions") {
    EXPECT_GT(totalPercent(json, "catcher"), 50);
    EXPECT_GT(totalPercent(json, "thrower"), 5);
  } else if (name == "asyncio") {
    // The running coroutine chain: task_alpha -> alpha_step (task_beta -> beta_step), under the
    // event loop's frames.
    for (const auto& [task, step] : {std::pair{"task_alpha", "alpha_step"}, std::pair{"task_beta", "beta_step"}}) {
      size_t in_step = 0, chained = 0;
      std::string example;
      for (const ViewSample& s : profile.mixed) {
        int at = findFrame(s.frames, step);
        if (at < 0) continue;
        ++in_step;
        int prev = at - 1;
        while (prev >= 0 && !s.frames[prev].python) --prev;
        bool ok = prev >= 0 && s.frames[prev].name == task && findFrame(s.frames, "BaseEventLoop.run_until_complete") >= 0 &&
                  findFrame(s.frames, "BaseEventLoop.run_until_complete") < prev;
        if (ok) ++chained;
        else if (example.empty()) example = describeFrames(s.frames);
      }
      EXPECT_GT(in_step, 50u) << step;
      EXPECT_GE(chained, in_step * 9 / 10) << step << " e.g. " << example;
    }
  }
}

// --no-python: native frames only, and meta.python's notes say Python frames were off.
TEST_P(PythonRobustnessTest, NoPythonRecordsNoPythonFrames) {
  if (std::string(testCase().name) != "exceptions") GTEST_SKIP() << "checked on one case";
  if (!pprofRunHasOption("--no-python")) GTEST_SKIP() << "pprof-run has no --no-python option yet";
  Runs runs = runBoth(python_, testCase(), {"--no-python"});
  ASSERT_EQ(runs.profiled.status, runs.plain.status) << runs.profiled.err;
  EXPECT_EQ(runs.profiled.out, runs.plain.out);
  LoadedProfile profile = loadProfile(runs.profile);
  EXPECT_EQ(profile.view_stats.python_samples, 0u);
  EXPECT_FALSE(python::hasPythonFrames(profile.raw));
  nlohmann::json json = stats(runs.profile);
  const nlohmann::json& notes = json["meta"]["python"]["notes"];
  EXPECT_FALSE(notes.empty()) << json["meta"].dump();
  EXPECT_NE(notes.dump().find("no-python"), std::string::npos) << notes.dump();
}

INSTANTIATE_TEST_SUITE_P(Cases, PythonRobustnessTest,
                         ::testing::Combine(::testing::ValuesIn(interpreterNames()),
                                            ::testing::Range<size_t>(0, std::size(kCases))),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_" + kCases[std::get<1>(info.param)].name;
                         });

}  // namespace
}  // namespace pprof::itest

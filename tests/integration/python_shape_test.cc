// Shape of merged Python stacks (issue 10, "What it must show"): the exact mixed-view stack from
// <module> down to the leaf Python function, Python frames and the C frames between them, for
// Python -> C -> Python sandwiches (sorted(key=lambda), functools.partial), a generator chain
// (next() through two generators), and numpy's C frames under the Python line that called them
// (Debian's python3-numpy with Debian's python3.11). Workload: tests/workloads/python/shapes.py.
#include <gtest/gtest.h>

#include <cstdio>

#include <map>

#include "python_support.h"

namespace pprof::itest {
namespace {

struct ShapeRun {
  ProcessResult result;
  LoadedProfile profile;
};

ShapeRun runShape(const Interpreter& python, const std::string& mode) {
  static TempDir dir(/*shared=*/true);
  ShapeRun run;
  std::string profile = dir.path("shape-" + python.name + "-" + mode + ".prof");
  run.result = itest::run(pprofRunArgv(profile, 1000, {python.path, pythonWorkload("shapes.py"), mode}));
  if (run.result.status == 0) run.profile = loadProfile(profile);
  return run;
}

// The frames of a sample from its first Python frame (<module>) to its leafmost Python frame.
std::vector<Frame> pythonSpan(const std::vector<Frame>& frames) {
  int first = -1, last = -1;
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!frames[i].python) continue;
    if (first < 0) first = static_cast<int>(i);
    last = static_cast<int>(i);
  }
  if (first < 0) return {};
  return std::vector<Frame>(frames.begin() + first, frames.begin() + last + 1);
}

class PythonShapeTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    python_ = interpreter(GetParam());
    if (python_.path.empty()) GTEST_SKIP() << "no " << GetParam() << " interpreter on this machine";
  }

  // Among the samples whose leafmost Python frame is `leaf`, the span from <module> to it must be
  // `expected` (names, root first) in at least 90% (the rest: a call being set up or torn down).
  void expectSpan(const std::string& mode, const std::string& leaf, const std::vector<std::string>& expected) {
    ShapeRun run = runShape(python_, mode);
    ASSERT_EQ(run.result.status, 0) << run.result.err;
    std::map<std::string, size_t> spans;
    std::map<std::string, std::string> described;
    size_t total = 0, exact = 0;
    for (const ViewSample& s : run.profile.mixed) {
      std::vector<Frame> span = pythonSpan(s.frames);
      if (span.empty() || span.back().name != leaf) continue;
      ++total;
      std::vector<std::string> names;
      for (const Frame& f : span) names.push_back(f.name);
      if (names == expected) ++exact;
      std::string key = joinNames(span);
      ++spans[key];
      described[key] = describeFrames(span);
    }
    ASSERT_GT(total, 50u) << "samples with " << leaf << " as the leafmost Python frame";
    std::string expected_text;
    for (const std::string& n : expected) expected_text += (expected_text.empty() ? "" : ";") + n;
    std::string seen;
    for (const auto& [key, count] : spans)
      seen += "\n  " + std::to_string(count) + "  " + described[key];
    EXPECT_GE(exact, total * 9 / 10) << python_.name << " " << mode << ": expected " << expected_text << " in "
                                     << exact << " of " << total << " samples; spans seen (name@location, +i inline):"
                                     << seen;
    std::printf("python shape (%s, %s): %zu of %zu samples exactly %s\n", python_.name.c_str(), mode.c_str(), exact,
                total, expected_text.c_str());
  }
  Interpreter python_;
};

// Python -> C (builtin_sorted, list_sort) -> Python (the key lambda) -> g. The call machinery
// (PyObject_Vectorcall, _PyObject_VectorcallTstate, _PyFunction_Vectorcall, _PyEval_Vector, ...)
// is hidden, list_sort_impl (the sort itself) is not.
TEST_P(PythonShapeTest, SortedWithKeyLambda) {
  expectSpan("sorted", "g",
             {"<module>", "f", "builtin_sorted", "list_sort", "list_sort_impl", "f.<locals>.<lambda>", "g"});
}

// functools.partial's vectorcall is call machinery (viewer/python/interpreter_glue.cc lists
// partial_vectorcall): the partial call reads as a direct call.
TEST_P(PythonShapeTest, FunctoolsPartial) { expectSpan("partial", "h", {"<module>", "call_partial", "h"}); }

// next() is a real C function (builtin_next); resuming a generator (gen_iternext, gen_send_ex2,
// _PyEval_EvalFrame) is machinery, so the generators read as calls of each other.
TEST_P(PythonShapeTest, GeneratorChain) {
  expectSpan("generator", "numbers", {"<module>", "consume", "builtin_next", "squares", "numbers"});
}

// numpy's C frames stay under the Python line that called them: samples in np.sort (numpy's
// Python `sort` in fromnumeric.py, called from sort_big) continue with native frames of
// _multiarray_umath.
TEST_P(PythonShapeTest, NumpyCFramesUnderTheCallingPythonFunction) {
  ProcessResult probe = run({python_.path, "-c", "import numpy"});
  if (probe.status != 0) GTEST_SKIP() << python_.path << " has no numpy";
  ShapeRun run = runShape(python_, "numpy");
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  size_t in_sort_big = 0, in_sort = 0, numpy_below = 0;
  std::string example_bad;
  for (const ViewSample& s : run.profile.mixed) {
    int caller = findFrame(s.frames, "sort_big");
    if (caller < 0) continue;
    ++in_sort_big;
    int sort = findFrame(s.frames, "sort", caller + 1);
    if (sort < 0 || !s.frames[sort].python) continue;
    ++in_sort;
    // The Python frames between sort_big and sort are numpy's dispatch wrapper; after sort the
    // rest of the stack is native, starting in _multiarray_umath.
    bool ok = sort + 1 < static_cast<int>(s.frames.size()) &&
              s.frames[sort + 1].module.find("_multiarray_umath") != std::string::npos;
    for (size_t i = sort + 1; i < s.frames.size(); ++i) ok = ok && !s.frames[i].python;
    if (ok) {
      ++numpy_below;
    } else if (example_bad.empty()) {
      example_bad = joinNames(s.frames);
    }
  }
  ASSERT_GT(in_sort_big, 100u);
  EXPECT_GT(in_sort, in_sort_big / 2) << "np.sort should be most of sort_big's time";
  EXPECT_GE(numpy_below, in_sort * 9 / 10) << "e.g. " << example_bad;
  std::printf("python shape (%s, numpy): %zu of %zu samples in sort have _multiarray_umath frames below it\n",
              python_.name.c_str(), numpy_below, in_sort);
}

INSTANTIATE_TEST_SUITE_P(Interpreters, PythonShapeTest, ::testing::ValuesIn(interpreterNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace pprof::itest

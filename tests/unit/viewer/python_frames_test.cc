// viewer/python: the mixed, python and native views of Python stacks, on hand-built profiles in
// the recorded form, stack by stack (exact merged stacks) and through applyFrameView.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "python/frame_views.h"
#include "python/interpreter_glue.h"
#include "python_profile.h"

namespace pprof::python {
namespace {

using testing::PythonProfileBuilder;
using Names = std::vector<std::string>;

Names names(const Profile& p, const std::vector<uint32_t>& stack) {
  Names out;
  for (uint32_t location : stack) out.push_back(p.functions[p.locations[location].lines.back().function].name);
  return out;
}

Names view(const Profile& p, const std::vector<uint32_t>& recorded, FrameView v, bool cut = false,
           bool* failed = nullptr) {
  return names(p, viewStack(p, recorded, v, cut, failed));
}

const Names kStartup = {"PyEval_EvalCode", "run_eval_code_obj", "run_mod", "Py_RunMain", "Py_BytesMain",
                        "main", "__libc_start_main", "_start"};

Names plus(Names a, const Names& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// sorted(data, key=functools.partial(neg, 1)) in main(), called by <module>: Python -> C ->
// Python, two eval activations with builtin_sorted and list_sort between them.
struct Sandwich {
  PythonProfileBuilder b;
  std::vector<uint32_t> recorded;
  Sandwich() {
    const uint32_t neg = b.py("neg", "/src/x.py", 3, 4, true);
    const uint32_t main = b.py("main", "/src/x.py", 6, 7);
    const uint32_t module = b.py("<module>", "/src/x.py", 1, 10, true);
    recorded = PythonProfileBuilder::concat(
        {{b.lib("_PyEval_EvalFrameDefault"), b.lib("_PyEval_Vector"), b.lib("_PyFunction_Vectorcall"),
          b.lib("partial_vectorcall"), b.lib("_PyObject_VectorcallTstate"), b.lib("list_sort"),
          b.lib("builtin_sorted"), b.lib("cfunction_vectorcall_FASTCALL_KEYWORDS"),
          b.lib("_PyEval_EvalFrameDefault"), b.lib("_PyEval_Vector")},
         b.startup(), {neg, main, module}});
  }
};

TEST(FrameViews, SortedKeyPartialSandwich) {
  Sandwich s;
  const Profile& p = s.b.profile();
  bool failed = true;
  EXPECT_EQ(view(p, s.recorded, FrameView::kMixed, false, &failed),
            plus({"neg", "list_sort", "builtin_sorted", "main", "<module>"}, kStartup));
  EXPECT_FALSE(failed);
  EXPECT_EQ(view(p, s.recorded, FrameView::kPython), (Names{"neg", "main", "<module>"}));
  EXPECT_EQ(view(p, s.recorded, FrameView::kNative),
            plus({"_PyEval_EvalFrameDefault", "_PyEval_Vector", "_PyFunction_Vectorcall", "partial_vectorcall",
                  "_PyObject_VectorcallTstate", "list_sort", "builtin_sorted",
                  "cfunction_vectorcall_FASTCALL_KEYWORDS", "_PyEval_EvalFrameDefault", "_PyEval_Vector"},
                 kStartup));
}

// for x in producer(): ... where producer iterates over source(): 3.11 resumes each generator
// in an activation of its own (gen_iternext -> gen_send_ex2 -> _PyEval_EvalFrameDefault).
TEST(FrameViews, GeneratorChain) {
  PythonProfileBuilder b;
  const uint32_t source = b.py("source", "/src/g.py", 1, 3, true);
  const uint32_t producer = b.py("producer", "/src/g.py", 5, 6, true);
  const uint32_t consumer = b.py("consumer", "/src/g.py", 9, 10);
  const uint32_t module = b.py("<module>", "/src/g.py", 1, 14, true);
  const auto recorded = PythonProfileBuilder::concat(
      {{b.lib("_PyEval_EvalFrameDefault"), b.lib("gen_send_ex2"), b.lib("gen_iternext"),
        b.lib("_PyEval_EvalFrameDefault"), b.lib("gen_send_ex2"), b.lib("gen_iternext"),
        b.lib("_PyEval_EvalFrameDefault")},
       b.startup(), {source, producer, consumer, module}});
  EXPECT_EQ(view(b.profile(), recorded, FrameView::kMixed),
            plus({"source", "producer", "consumer", "<module>"}, kStartup));
}

// The leafmost activation has entered and not pushed its frame yet: one eval frame more than
// groups, aligned from the root; that activation and its glue disappear.
TEST(FrameViews, OneEvalFrameMoreThanGroups) {
  PythonProfileBuilder b;
  const uint32_t main = b.py("main", "/src/x.py", 6, 7);
  const uint32_t module = b.py("<module>", "/src/x.py", 1, 10, true);
  const auto recorded = PythonProfileBuilder::concat(
      {{b.lib("_PyEval_EvalFrameDefault"), b.lib("_PyEval_Vector"), b.lib("_PyFunction_Vectorcall"),
        b.lib("_PyEval_EvalFrameDefault")},
       b.startup(), {main, module}});
  bool failed = true;
  EXPECT_EQ(view(b.profile(), recorded, FrameView::kMixed, false, &failed), plus({"main", "<module>"}, kStartup));
  EXPECT_FALSE(failed);
}

// A native stack cut at the root keeps fewer eval frames than groups: aligned from the leaf,
// the outer groups rootward of what is left of the native stack.
TEST(FrameViews, TruncatedNativeStackAlignsFromTheLeaf) {
  PythonProfileBuilder b;
  const uint32_t leaf = b.py("leaf", "/src/r.py", 1, 2, true);
  const uint32_t mid = b.py("mid", "/src/r.py", 4, 5, true);
  const uint32_t outer = b.py("outer", "/src/r.py", 7, 8, true);
  const uint32_t module = b.py("<module>", "/src/r.py", 1, 20, true);
  const std::vector<uint32_t> recorded = {b.lib("_PyEval_EvalFrameDefault"), b.lib("builtin_exec"),
                                          b.lib("_PyEval_EvalFrameDefault"), b.lib("cfunction_call"),
                                          leaf, mid, outer, module};
  bool failed = true;
  EXPECT_EQ(view(b.profile(), recorded, FrameView::kMixed, true, &failed),
            (Names{"leaf", "builtin_exec", "mid", "outer", "<module>"}));
  EXPECT_FALSE(failed);
  // The same stack not cut: a merge failure.
  EXPECT_EQ(view(b.profile(), recorded, FrameView::kMixed, false, &failed),
            (Names{"leaf", "mid", "outer", "<module>", "_PyEval_EvalFrameDefault", "builtin_exec",
                   "_PyEval_EvalFrameDefault", "cfunction_call"}));
  EXPECT_TRUE(failed);
}

// Three eval frames, one group: kept unmerged (every native frame, glue too), Python frames
// leafward of the leafmost eval frame, counted; nothing dropped, totals unchanged.
TEST(FrameViews, MergeFailureKeepsBothStacksAndIsCounted) {
  PythonProfileBuilder b;
  const uint32_t module = b.py("<module>", "/src/x.py", 1, 10, true);
  const auto recorded = PythonProfileBuilder::concat(
      {{b.native("memcpy", b.libc()), b.lib("_PyEval_EvalFrameDefault"), b.lib("_PyEval_Vector"),
        b.lib("_PyEval_EvalFrameDefault"), b.lib("_PyEval_EvalFrameDefault")},
       b.startup(), {module}});
  const uint32_t stack = b.stack(recorded);
  b.sample(stack, 3, 0, 0, PythonProfileBuilder::kPythonGil);
  b.sample(stack, 1, 0, 0, PythonProfileBuilder::kPythonGil);
  const Profile& p = b.profile();
  EXPECT_EQ(view(p, recorded, FrameView::kMixed),
            plus({"memcpy", "<module>", "_PyEval_EvalFrameDefault", "_PyEval_Vector", "_PyEval_EvalFrameDefault",
                  "_PyEval_EvalFrameDefault"},
                 kStartup));
  FrameViewStats stats;
  Profile mixed = applyFrameView(p, FrameView::kMixed, &stats);
  EXPECT_EQ(stats.merge_failures, 2u);
  EXPECT_EQ(stats.python_samples, 2u);
  ASSERT_EQ(mixed.samples.size(), 2u);
  EXPECT_EQ(mixed.stacks[mixed.samples[0].stack].locations.size(), recorded.size());
  EXPECT_EQ(mixed.samples[0].weight + mixed.samples[1].weight, 4u);
  applyFrameView(p, FrameView::kNative, &stats);
  EXPECT_EQ(stats.merge_failures, 0u);  // nothing is merged in the other views
}

// No eval frame at all and not cut: Python frames rootward of the native ones, a failure.
TEST(FrameViews, NoEvalFrameIsAFailureWithPythonRootward) {
  PythonProfileBuilder b;
  const uint32_t f = b.py("f", "/src/x.py", 1, 2, true);
  bool failed = false;
  EXPECT_EQ(view(b.profile(), {b.native("memcpy", b.libc()), f}, FrameView::kMixed, false, &failed),
            (Names{"memcpy", "f"}));
  EXPECT_TRUE(failed);
}

// Glue is hidden only in the interpreter's module: an extension's own "cfunction_call" stays,
// and so do builtins doing work (time_sleep) and other modules' frames.
TEST(FrameViews, GlueHiddenOnlyInTheInterpretersModule) {
  PythonProfileBuilder b;
  const uint32_t ext = b.module("/usr/lib/python3/dist-packages/ext.so");
  const uint32_t main = b.py("main", "/src/x.py", 6, 7, true);
  const auto recorded = PythonProfileBuilder::concat(
      {{b.native("clock_nanosleep", b.libc()), b.lib("time_sleep"), b.native("cfunction_call", ext),
        b.lib("cfunction_vectorcall_O"), b.lib("_PyEval_EvalFrameDefault.cold"),
        b.lib("PyObject_CallOneArg")},
       b.startup(), {main}});
  EXPECT_EQ(view(b.profile(), recorded, FrameView::kMixed),
            plus({"clock_nanosleep", "time_sleep", "cfunction_call", "main"}, kStartup));
}

TEST(FrameViews, StackWithoutPythonFramesIsTheSameInEveryView) {
  PythonProfileBuilder b;  // a C thread of a Python process, and a --no-python recording
  const std::vector<uint32_t> c_thread = {b.native("worker", b.exe()), b.native("start_thread", b.libc()),
                                          b.native("clone", b.libc())};
  const auto no_python = PythonProfileBuilder::concat(
      {{b.lib("_PyEval_EvalFrameDefault"), b.lib("_PyEval_Vector"), b.lib("_PyEval_EvalFrameDefault")},
       b.startup()});
  for (FrameView v : {FrameView::kMixed, FrameView::kPython, FrameView::kNative}) {
    bool failed = true;
    EXPECT_EQ(viewStack(b.profile(), c_thread, v, false, &failed), c_thread);
    EXPECT_FALSE(failed);
    EXPECT_EQ(viewStack(b.profile(), no_python, v, false, &failed), no_python);
    EXPECT_FALSE(failed);
  }
}

TEST(FrameViews, ApplyKeepsIdsClearsFlagsAndPassesCheckValid) {
  Sandwich s;
  PythonProfileBuilder& b = s.b;
  const uint32_t python_stack = b.stack(s.recorded);
  const uint32_t c_stack = b.stack({b.native("worker", b.exe()), b.native("clone", b.libc())});
  const uint32_t c_thread = b.thread(0, 101, "c-worker");
  b.sample(python_stack, 5, 0, 10, PythonProfileBuilder::kPythonGil);
  b.sample(python_stack, 2, 0, 20, wire::kSamplePython);
  b.sample(c_stack, 7, c_thread, 30);
  const Profile& recorded = b.profile();
  ASSERT_TRUE(checkValid(recorded)) << checkValid(recorded).message();
  for (FrameView v : {FrameView::kMixed, FrameView::kPython, FrameView::kNative}) {
    FrameViewStats stats;
    const Profile out = applyFrameView(recorded, v, &stats);
    EXPECT_TRUE(checkValid(out)) << frameViewName(v) << ": " << checkValid(out).message();
    EXPECT_EQ(stats.python_samples, 2u);
    EXPECT_EQ(stats.merge_failures, 0u);
    ASSERT_EQ(out.samples.size(), 3u);
    EXPECT_EQ(out.samples[0].stack, out.samples[1].stack);  // equal results share one stack
    EXPECT_EQ(out.samples[2].flags, 0);
    EXPECT_EQ(out.samples[0].flags, PythonProfileBuilder::kPythonGil);
    EXPECT_EQ(out.locations.size(), recorded.locations.size());
    EXPECT_EQ(out.functions.size(), recorded.functions.size());
    for (const Location& l : out.locations) EXPECT_EQ(l.flags, 0u);
    EXPECT_EQ(names(out, out.stacks[out.samples[2].stack].locations), (Names{"worker", "clone"}));
  }
  const Profile python = applyFrameView(recorded, FrameView::kPython);
  EXPECT_EQ(names(python, python.stacks[python.samples[0].stack].locations), (Names{"neg", "main", "<module>"}));
}

// Wall mode: a thread blocked in take_gil reads as waiting for the GIL in the views that show
// Python; the native view and samples without the flag are unchanged.
TEST(FrameViews, GilWaitGetsItsOwnLeafFrame) {
  Sandwich s;
  PythonProfileBuilder& b = s.b;
  const uint32_t stack = b.stack(s.recorded);
  const uint16_t idle = wire::kSamplePython | wire::kSampleIdle | wire::kSampleSyncWait;
  b.sample(stack, 3, 0, 10, idle | wire::kSampleGilWait);
  b.sample(stack, 2, 0, 20, idle);
  for (FrameView v : {FrameView::kMixed, FrameView::kPython}) {
    const Profile out = applyFrameView(b.profile(), v);
    ASSERT_TRUE(checkValid(out)) << checkValid(out).message();
    const Names waiting = names(out, out.stacks[out.samples[0].stack].locations);
    ASSERT_FALSE(waiting.empty());
    EXPECT_EQ(waiting.front(), std::string(kGilWaitFrame)) << frameViewName(v);
    EXPECT_EQ(Names(waiting.begin() + 1, waiting.end()), names(out, out.stacks[out.samples[1].stack].locations));
  }
  const Profile native = applyFrameView(b.profile(), FrameView::kNative);
  EXPECT_EQ(native.samples[0].stack, native.samples[1].stack);
}

// Debian's python3.11 inlines PyObject_Vectorcall into builtin_sorted: one location, three
// inline levels. The mixed view keeps the real function's level only; the native view all.
TEST(FrameViews, InlinedGlueLevelsAreDropped) {
  PythonProfileBuilder b;
  const uint32_t lambda = b.py("<lambda>", "/src/x.py", 3, 3, true);
  const uint32_t module = b.py("<module>", "/src/x.py", 1, 5, true);
  const uint32_t inlined = b.location({b.function("_PyObject_VectorcallTstate", "", 0, b.libpython()),
                                       b.function("PyObject_Vectorcall", "", 0, b.libpython()),
                                       b.function("builtin_sorted", "", 0, b.libpython())},
                                      b.libpython());
  const uint32_t eval = b.lib("_PyEval_EvalFrameDefault");
  const uint32_t stack = b.stack(PythonProfileBuilder::concat(
      {{eval, b.lib("list_sort"), inlined, eval}, b.startup(), {lambda, module}}));
  b.sample(stack, 1, 0, 0, wire::kSamplePython);
  auto inlineNames = [](const Profile& p, uint32_t s) {
    Names out;
    for (uint32_t l : p.stacks[s].locations)
      for (auto it = p.locations[l].lines.rbegin(); it != p.locations[l].lines.rend(); ++it)
        out.push_back(p.functions[it->function].name);
    return out;
  };
  const Profile mixed = applyFrameView(b.profile(), FrameView::kMixed);
  ASSERT_TRUE(checkValid(mixed)) << checkValid(mixed).message();
  Names got = inlineNames(mixed, mixed.samples[0].stack);
  EXPECT_EQ(Names(got.begin(), got.begin() + 4), (Names{"<lambda>", "list_sort", "builtin_sorted", "<module>"}));
  const Profile native = applyFrameView(b.profile(), FrameView::kNative);
  got = inlineNames(native, native.samples[0].stack);
  EXPECT_NE(std::find(got.begin(), got.end(), "PyObject_Vectorcall"), got.end());
}

TEST(FrameViews, TruncatedFlagSelectsTheLeafAlignment) {
  PythonProfileBuilder b;
  const uint32_t inner = b.py("inner", "/src/x.py", 1, 2, true);
  const uint32_t outer = b.py("outer", "/src/x.py", 4, 5, true);
  const uint32_t stack = b.stack({b.lib("_PyEval_EvalFrameDefault"), inner, outer});
  b.sample(stack, 1, 0, 0, wire::kSamplePython | wire::kSampleTruncated);
  b.sample(stack, 1, 0, 1, wire::kSamplePython);
  FrameViewStats stats;
  const Profile out = applyFrameView(b.profile(), FrameView::kMixed, &stats);
  EXPECT_EQ(stats.merge_failures, 1u);  // only the sample not flagged truncated
  EXPECT_EQ(names(out, out.stacks[out.samples[0].stack].locations), (Names{"inner", "outer"}));
  EXPECT_EQ(names(out, out.stacks[out.samples[1].stack].locations),
            (Names{"inner", "outer", "_PyEval_EvalFrameDefault"}));
}

TEST(FrameViews, NamesAndParsing) {
  EXPECT_TRUE(isEvalFrameName("_PyEval_EvalFrameDefault"));
  EXPECT_TRUE(isEvalFrameName("_PyEval_EvalFrameDefault.cold"));
  EXPECT_TRUE(isEvalFrameName("_PyEval_EvalFrameDefault.lto_priv.0"));
  EXPECT_FALSE(isEvalFrameName("_PyEval_EvalFrameDefaultX"));
  EXPECT_FALSE(isEvalFrameName("_PyEval_EvalFrame"));
  EXPECT_TRUE(isInterpreterGlue("_PyObject_VectorcallTstate.lto_priv.0"));
  EXPECT_TRUE(isInterpreterGlue("cfunction_vectorcall_FASTCALL_KEYWORDS"));
  EXPECT_TRUE(isInterpreterGlue("PyObject_CallOneArg"));
  EXPECT_TRUE(isInterpreterGlue("method_vectorcall_O"));
  for (const char* kept : {"builtin_sorted", "list_sort", "time_sleep", "scanner_call", "builtin_exec",
                           "PyEval_EvalCode", "_PyEval_EvalFrameDefault", "thread_run"}) {
    EXPECT_FALSE(isInterpreterGlue(kept)) << kept;
  }
  EXPECT_EQ(parseFrameView("python").value(), FrameView::kPython);
  EXPECT_EQ(parseFrameView("bogus").message(), "expected mixed, python or native, got 'bogus'");
}

}  // namespace
}  // namespace pprof::python

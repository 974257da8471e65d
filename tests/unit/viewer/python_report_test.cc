// Python in pprof-stats: table and JSON of a hand-built Python profile (goldens), cProfile-style
// labels, the GIL share, meta "python", and the --frames flag end to end.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analysis/stats_report.h"
#include "python/frame_views.h"
#include "python/python_summary.h"
#include "python_profile.h"
#include "render/json_render.h"
#include "render/table_render.h"
#include "sample_profile.h"
#include "stats_cli_fixture.h"
#include "support/golden.h"

namespace pprof {
namespace {

using nlohmann::json;
using testing::PythonProfileBuilder;

// Main thread: Grid.relax (GIL held) under <module>, and a sorted(key=lambda) sandwich; a worker
// thread hashing with the GIL released; a C thread; a second process whose Python is unsupported;
// one sample whose stacks cannot be merged.
Profile pythonProfile() {
  PythonProfileBuilder b;
  Profile& p = b.profile();
  p.meta.start_realtime_ns = 1763758979000000000ull;
  const uint32_t second = b.process(200);
  p.processes[second].python_note = "unsupported Python 3.14";
  const uint32_t worker = b.thread(0, 101, "ThreadPoolExecutor-0_0");
  const uint32_t c_thread = b.thread(0, 102, "blas");
  const uint32_t other = b.thread(second, 200, "python3.14");

  const uint32_t relax = b.py("Grid.relax", "/src/grid.py", 14, 17);
  const uint32_t module = b.py("<module>", "/src/grid.py", 1, 40, true);
  const uint32_t module_at_41 = b.py("<module>", "/src/grid.py", 1, 41, true);
  const uint32_t lambda = b.py("<lambda>", "/src/grid.py", 30, 30, true);
  const uint32_t order = b.py("Grid.order", "/src/grid.py", 29, 30);
  const uint32_t digest = b.py("digest", "/src/work.py", 5, 6);
  const uint32_t run = b.py("_WorkItem.run", "/usr/lib/python3.11/concurrent/futures/thread.py", 53, 58, true);
  const auto eval = b.lib("_PyEval_EvalFrameDefault");
  const auto startup = b.startup();
  const auto thread_root = std::vector<uint32_t>{b.lib("thread_run"), b.native("start_thread", b.libc()),
                                                 b.native("clone", b.libc())};

  const uint16_t gil = PythonProfileBuilder::kPythonGil;
  b.sample(b.stack(PythonProfileBuilder::concat({{eval}, startup, {relax, module}})), 6, 0, 0, gil);
  b.sample(b.stack(PythonProfileBuilder::concat(
               {{eval, b.lib("_PyEval_Vector"), b.lib("_PyFunction_Vectorcall"), b.lib("list_sort"),
                 b.lib("builtin_sorted"), b.lib("cfunction_vectorcall_FASTCALL_KEYWORDS"), eval},
                startup, {lambda, order, module_at_41}})),
           3, 0, 0, gil);
  b.sample(b.stack(PythonProfileBuilder::concat(
               {{b.native("sha256_block_data_order", b.libc()), b.lib("_hashlib_HASH_update"),
                 b.lib("method_vectorcall_O"), eval, b.lib("_PyEval_Vector"), b.lib("_PyObject_Call")},
                thread_root, {digest, run}})),
           4, worker, 0, wire::kSamplePython);
  b.sample(b.stack(PythonProfileBuilder::concat({{eval, b.lib("_PyEval_Vector"), b.lib("_PyObject_Call")},
                                                 thread_root, {digest, run}})),
           1, worker, 0, gil);
  b.sample(b.stack({b.native("dgemm_kernel", b.exe()), b.native("start_thread", b.libc()),
                    b.native("clone", b.libc())}),
           5, c_thread);
  b.sample(b.stack(PythonProfileBuilder::concat({{eval, eval, eval}, startup, {module}})), 1, 0, 0, gil);  // failure
  b.sample(b.stack({b.native("main", b.exe())}), 2, other);
  return p;
}

analysis::StatsReport reportOf(const Profile& recorded, python::FrameView view, analysis::StatsQuery query = {}) {
  python::FrameViewStats stats;
  const Profile p = python::applyFrameView(recorded, view, &stats);
  analysis::StatsReport report = analysis::buildStatsReport(p, query);
  report.python = python::summarizePython(p, stats);
  return report;
}

const analysis::FunctionStats* row(const analysis::StatsReport& report, const std::string& label) {
  for (const auto& fn : report.functions) {
    if (fn.label == label) return &fn;
  }
  return nullptr;
}

TEST(PythonReport, TableGolden) {
  const Profile p = pythonProfile();
  ASSERT_TRUE(checkValid(p)) << checkValid(p).message();
  testing::expectGolden(PPROF_VIEWER_GOLDEN_DIR, "python_mixed.txt",
                        render::renderTable(reportOf(p, python::FrameView::kMixed), {{"grid.prof"}, false, 0}));
}

TEST(PythonReport, JsonGolden) {
  testing::expectGolden(PPROF_VIEWER_GOLDEN_DIR, "python_mixed.json",
                        render::renderJson(reportOf(pythonProfile(), python::FrameView::kMixed)));
}

TEST(PythonReport, RowsReadLikeCProfileWithLanguageAndGil) {
  const auto report = reportOf(pythonProfile(), python::FrameView::kMixed);
  const auto* relax = row(report, "/src/grid.py:14(Grid.relax)");
  ASSERT_NE(relax, nullptr);
  EXPECT_EQ(relax->language, Language::kPython);
  EXPECT_EQ(relax->self_samples, 6u);
  ASSERT_TRUE(relax->gil_percent);
  EXPECT_DOUBLE_EQ(*relax->gil_percent, 100.0);
  const auto* digest = row(report, "/src/work.py:5(digest)");
  ASSERT_NE(digest, nullptr);
  ASSERT_TRUE(digest->gil_percent);
  EXPECT_DOUBLE_EQ(*digest->gil_percent, 20.0);  // 1 of 5 samples with the GIL
  const auto* sorted = row(report, "libpython3.11.so.1.0:0(builtin_sorted)");
  ASSERT_NE(sorted, nullptr);
  EXPECT_EQ(sorted->language, Language::kNative);
  const auto* blas = row(report, "python3:0(dgemm_kernel)");
  ASSERT_NE(blas, nullptr);
  EXPECT_FALSE(blas->gil_percent);  // a C thread: no Python thread state, unknown
  EXPECT_EQ(row(report, "libpython3.11.so.1.0:0(_PyFunction_Vectorcall)"), nullptr);  // glue hidden
  EXPECT_EQ(row(report, "libpython3.11.so.1.0:0(_PyEval_EvalFrameDefault)")->total_samples, 1u);  // the failure
  ASSERT_TRUE(report.python);
  EXPECT_EQ(report.python->merge_failures, 1u);
  EXPECT_EQ(report.python->python_samples, 5u);
}

TEST(PythonReport, ViewsChangeRowsNotTotals) {
  const Profile p = pythonProfile();
  const auto native = reportOf(p, python::FrameView::kNative);
  const auto python = reportOf(p, python::FrameView::kPython);
  EXPECT_EQ(native.run.samples, python.run.samples);
  EXPECT_EQ(row(native, "/src/grid.py:14(Grid.relax)"), nullptr);
  EXPECT_EQ(row(native, "libpython3.11.so.1.0:0(_PyEval_EvalFrameDefault)")->total_samples, 15u);
  EXPECT_EQ(row(python, "libpython3.11.so.1.0:0(_PyEval_EvalFrameDefault)"), nullptr);
  EXPECT_EQ(row(python, "python3:0(dgemm_kernel)")->self_samples, 5u);  // C thread kept
  EXPECT_EQ(row(python, "/src/grid.py:1(<module>)")->total_samples, 10u);
  EXPECT_EQ(native.python->merge_failures, 0u);
}

TEST(PythonReport, ByLineFileAndModule) {
  const Profile p = pythonProfile();
  analysis::StatsQuery query;
  query.grouping = analysis::Grouping::kLine;
  const auto by_line = reportOf(p, python::FrameView::kPython, query);
  EXPECT_NE(row(by_line, "/src/grid.py:40(<module>)"), nullptr);
  EXPECT_NE(row(by_line, "/src/grid.py:41(<module>)"), nullptr);
  query.grouping = analysis::Grouping::kModule;
  const auto by_module = reportOf(p, python::FrameView::kMixed, query);
  ASSERT_NE(row(by_module, "/src/grid.py:0(*)"), nullptr);  // a Python module is its file
  EXPECT_EQ(row(by_module, "/src/grid.py:0(*)")->language, Language::kPython);
  EXPECT_NE(row(by_module, "/usr/lib/libpython3.11.so.1.0:0(*)"), nullptr);
}

TEST(PythonReport, SummaryOmittedWithoutPython) {
  Profile p = testing::renderSampleProfile();
  python::FrameViewStats stats;
  p = python::applyFrameView(p, python::FrameView::kMixed, &stats);
  EXPECT_FALSE(python::summarizePython(p, stats));
}

TEST(PythonReport, HeaderLines) {
  python::PythonSummary s;
  s.versions = {"3.11.2", "3.11.7"};
  s.processes = 3;
  s.python_samples = 1234;
  s.merge_failures = 2;
  s.notes = {"pid 7: unsupported Python 3.14"};
  EXPECT_EQ(python::pythonHeaderLines(s),
            (std::vector<std::string>{"Python 3.11.2, 3.11.7 in 3 processes; 2 of 1,234 samples with Python frames "
                                      "could not be merged (kept unmerged)",
                                      "pid 7: unsupported Python 3.14"}));
}

TEST_F(PprofStatsCli, FramesFlag) {
  const std::string path = writeProfile("grid.prof", pythonProfile());
  auto mixed = run({path, "--format", "collapsed"});
  ASSERT_EQ(mixed.exit_status, 0) << mixed.err;
  EXPECT_NE(mixed.out.find("<module>;Grid.relax 6"), std::string::npos) << mixed.out;
  auto native = run({path, "--frames", "native", "--format", "collapsed"});
  ASSERT_EQ(native.exit_status, 0) << native.err;
  EXPECT_EQ(native.out.find("Grid.relax"), std::string::npos);
  auto python = run({path, "--frames=python", "--format", "json"});
  ASSERT_EQ(python.exit_status, 0) << python.err;
  json doc = json::parse(python.out);
  EXPECT_EQ(doc["meta"]["python"]["versions"], json::array({"3.11.7"}));
  EXPECT_EQ(doc["meta"]["python"]["processes"], 1);
  EXPECT_EQ(doc["meta"]["python"]["merge_failures"], 0);
  EXPECT_EQ(doc["meta"]["python"]["notes"], json::array({"pid 200: unsupported Python 3.14"}));
  auto bad = run({path, "--frames", "both"});
  EXPECT_EQ(bad.exit_status, 2);
  EXPECT_EQ(bad.err.substr(0, bad.err.find('\n')), "pprof-stats: --frames: expected mixed, python or native, got 'both'");
  auto advise = run({path, "--advise"});
  EXPECT_EQ(advise.exit_status, 0) << advise.err;
  EXPECT_EQ(advise.out.find("_PyEval_EvalFrameDefault"), std::string::npos) << advise.out;  // merged away
}

TEST_F(PprofStatsCli, FramesPythonWithoutPythonFrames) {
  const std::string path = writeProfile("c.prof", testing::renderSampleProfile());
  auto r = run({path, "--frames", "python"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err, "pprof-stats: " + path + ": no Python frames (recorded with --no-python, or not a Python program)\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(run({path, "--frames", "native"}).exit_status, 0);
}

}  // namespace
}  // namespace pprof

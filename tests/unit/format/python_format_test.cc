// Python frames in out.prof (FORMAT.md revision 3): Location and Function flags, the Process's
// Python fields, the stack order rule (no native location after a Python one), and that a
// file written without them reads as before.
#include <gtest/gtest.h>

#include <string>

#include "format/prof_file.h"
#include "test_profiles.h"

namespace pprof {
namespace {

struct Written {
  uint32_t native = 0, python_leaf = 0, python_entry = 0, py_function = 0;
};

Written writePythonProfile(ProfWriter& w) {
  Process process;
  process.pid = 7;
  process.executable = "/usr/bin/python3.11";
  process.python_version = "3.11.2";
  EXPECT_TRUE(w.addProcess(process));
  Thread thread;
  thread.tid = 7;
  EXPECT_TRUE(w.addThread(thread));
  Written ids;
  ids.native = w.addLocation(kNone, 0x1234).value();
  Function f;
  f.name = "Grid.relax";
  f.system_name = "relax";
  f.file = "x.py";
  f.start_line = 14;
  f.language = Language::kPython;
  ids.py_function = w.addFunction(f).value();
  ids.python_leaf = w.addLocation(kNone, 0, kLocationPython).value();
  ids.python_entry = w.addLocation(kNone, 0, kLocationPython | kLocationPythonEntry).value();
  EXPECT_TRUE(w.setLocationLines(ids.python_leaf, {Line{ids.py_function, 16}}));
  EXPECT_TRUE(w.setLocationLines(ids.python_entry, {Line{ids.py_function, 20}}));
  EXPECT_TRUE(w.addStack(Stack{{ids.native, ids.python_leaf, ids.python_entry}}));
  Sample s;
  s.flags = 0x60;  // python | gil
  EXPECT_TRUE(w.addSample(s));
  return ids;
}

TEST(PythonFormat, RoundTripKeepsFlagsLanguageAndVersion) {
  std::string path = testing::tempPath("python.prof");
  auto w = ProfWriter::create(path);
  ASSERT_TRUE(w) << w.message();
  Written ids = writePythonProfile(*w.value());
  ASSERT_TRUE(w.value()->finish());
  Result<Profile> r = readProfFile(path);
  ASSERT_TRUE(r) << r.message();
  const Profile& p = r.value();
  ASSERT_TRUE(checkValid(p));
  EXPECT_EQ(p.processes[0].python_version, "3.11.2");
  EXPECT_EQ(p.processes[0].python_note, "");
  EXPECT_EQ(p.functions[ids.py_function].language, Language::kPython);
  EXPECT_EQ(p.locations[ids.native].flags, 0u);
  EXPECT_EQ(p.locations[ids.python_leaf].flags, kLocationPython);
  EXPECT_EQ(p.locations[ids.python_entry].flags, kLocationPython | kLocationPythonEntry);
  EXPECT_EQ(p.locations[ids.python_entry].lines[0].line, 20u);
  EXPECT_EQ(p.samples[0].flags, 0x60);
  std::string dump = dumpText(p);
  EXPECT_NE(dump.find("python_version=\"3.11.2\""), std::string::npos) << dump;
  EXPECT_NE(dump.find(" python\n"), std::string::npos) << dump;
}

TEST(PythonFormat, WriterAndCheckRefuseNativeAfterPythonAndForeignLines) {
  std::string path = testing::tempPath("python_bad.prof");
  auto w = ProfWriter::create(path);
  ASSERT_TRUE(w) << w.message();
  Written ids = writePythonProfile(*w.value());
  EXPECT_FALSE(w.value()->addStack(Stack{{ids.python_leaf, ids.native}}));
  Function native;
  native.name = "main";
  uint32_t native_function = w.value()->addFunction(native).value();
  EXPECT_FALSE(w.value()->setLocationLines(ids.python_leaf, {Line{native_function, 1}}));

  Profile p;
  p.functions.push_back(native);
  p.locations.push_back(Location{kNone, 0, {Line{0, 1}}, kLocationPython});
  EXPECT_FALSE(checkValid(p));
  p.locations[0].flags = 0;
  p.locations.push_back(Location{kNone, 0, {}, kLocationPython});
  p.stacks.push_back(Stack{{1, 0}});
  EXPECT_EQ(checkValid(p).message(), "stack 0: a native location after a Python one");
}

}  // namespace
}  // namespace pprof

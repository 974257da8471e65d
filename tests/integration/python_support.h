// Shared by the Python integration tests (python_*_test.cc): the interpreters to run the
// workloads of tests/workloads/python with, and a profile read through the model with its
// stacks in the mixed view (viewer/python/frame_views.h), root first, as names.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "format/profile.h"
#include "harness.h"
#include "python/frame_views.h"

namespace pprof::itest {

// "pyenv": the python3 on PATH, resolved to its sys.executable (pyenv's shim is a shell script
// that would be profiled too). "debian": /usr/bin/python3.11. path is empty when absent.
struct Interpreter {
  std::string name;
  std::string path;
};
Interpreter interpreter(const std::string& name);
// The parameter list of every Python test suite.
inline const std::vector<std::string>& interpreterNames() {
  static const std::vector<std::string> names = {"pyenv", "debian"};
  return names;
}

// tests/workloads/python/NAME
std::string pythonWorkload(const std::string& name);

struct Frame {
  std::string name;
  std::string file;
  std::string module;  // basename of the module path; empty for Python frames
  bool python = false;
  uint32_t location = 0;  // its location in the view; inline levels of one location share it
  bool inlined = false;   // an inline level, not the location's outermost (real) function
};

struct ViewSample {
  std::vector<Frame> frames;  // root first
  int32_t pid = 0;
  int32_t tid = 0;
  uint16_t flags = 0;     // wire::SampleFlags
  double seconds = 0;     // weight * period
};

struct LoadedProfile {
  Profile raw;
  python::FrameViewStats view_stats;  // from the mixed view
  std::vector<ViewSample> mixed;      // every sample, mixed view
  std::vector<ViewSample> recorded;   // every sample, as recorded (native then Python frames)
};

// Reads PATH with the profile reader and builds both views. Throws std::runtime_error.
LoadedProfile loadProfile(const std::string& path);

// Names of frames, root first, joined with ';' (for messages).
std::string joinNames(const std::vector<Frame>& frames);

// Names with their location: "name@LOC" ("name@LOC+i" for an inline level), for messages about
// how the frames were grouped.
std::string describeFrames(const std::vector<Frame>& frames);

// Index of the first frame named `name` at or after `from`; -1 if none.
int findFrame(const std::vector<Frame>& frames, const std::string& name, size_t from = 0);

// Whether pprof-run's --help mentions OPTION.
bool pprofRunHasOption(const std::string& option);

}  // namespace pprof::itest

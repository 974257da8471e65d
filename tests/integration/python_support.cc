#include "python_support.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "format/prof_file.h"
#include "wire/wire.h"

namespace pprof::itest {
namespace {

bool isExecutable(const std::string& path) { return !path.empty() && access(path.c_str(), X_OK) == 0; }

std::string findOnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (isExecutable(candidate)) return candidate;
  }
  return "";
}

std::string realPath(const std::string& path) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return path;
  std::string result = resolved;
  std::free(resolved);
  return result;
}

std::string resolveSysExecutable(const std::string& python) {
  if (!isExecutable(python)) return "";
  ProcessResult result = run({python, "-c", "import sys; print(sys.executable)"});
  if (result.status != 0) return "";
  std::vector<std::string> out = lines(result.out);
  if (out.empty() || !isExecutable(out[0])) return "";
  return out[0];
}

std::string baseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void appendFrames(const Profile& profile, const std::vector<uint32_t>& leaf_first, std::vector<Frame>* out) {
  for (auto it = leaf_first.rbegin(); it != leaf_first.rend(); ++it) {
    const Location& location = profile.locations.at(*it);
    std::string module = location.module == kNone ? "" : baseName(profile.modules.at(location.module).path);
    if (location.lines.empty()) {
      out->push_back({"?", "", module, false, *it, false});
      continue;
    }
    // lines: innermost first, the real function last; root first means the real function first.
    for (auto line = location.lines.rbegin(); line != location.lines.rend(); ++line) {
      const Function& function = profile.functions.at(line->function);
      bool python = function.language == Language::kPython;
      bool inlined = line != location.lines.rbegin();
      out->push_back({function.name, function.file, python ? "" : module, python, *it, inlined});
    }
  }
}

std::vector<ViewSample> samplesOf(const Profile& source, const Profile& view) {
  std::vector<ViewSample> samples;
  samples.reserve(view.samples.size());
  double period = view.meta.period_ns / 1e9;
  for (const Sample& sample : view.samples) {
    ViewSample s;
    appendFrames(view, view.stacks.at(sample.stack).locations, &s.frames);
    const Thread& thread = source.threads.at(sample.thread);
    s.tid = thread.tid;
    s.pid = source.processes.at(thread.process).pid;
    s.flags = sample.flags;
    s.seconds = sample.weight * period;
    samples.push_back(std::move(s));
  }
  return samples;
}

}  // namespace

Interpreter interpreter(const std::string& name) {
  static const std::map<std::string, std::string> paths = [] {
    std::map<std::string, std::string> found;
    std::string debian = isExecutable("/usr/bin/python3.11") ? "/usr/bin/python3.11" : "";
    std::string on_path = resolveSysExecutable(findOnPath("python3"));
    // The same interpreter twice is one interpreter: "pyenv" is skipped then.
    if (!on_path.empty() && !debian.empty() && realPath(on_path) == realPath(debian)) on_path.clear();
    found["pyenv"] = on_path;
    found["debian"] = debian;
    return found;
  }();
  auto it = paths.find(name);
  return {name, it == paths.end() ? "" : it->second};
}

std::string pythonWorkload(const std::string& name) { return std::string(PYTHON_WORKLOADS_DIR) + "/" + name; }

LoadedProfile loadProfile(const std::string& path) {
  Result<Profile> read = readProfFile(path);
  if (!read) throw std::runtime_error("read " + path + ": " + read.message());
  LoadedProfile loaded;
  loaded.raw = std::move(read).value();
  Profile mixed = python::applyFrameView(loaded.raw, python::FrameView::kMixed, &loaded.view_stats);
  loaded.mixed = samplesOf(loaded.raw, mixed);
  loaded.recorded = samplesOf(loaded.raw, loaded.raw);
  return loaded;
}

std::string joinNames(const std::vector<Frame>& frames) {
  std::string text;
  for (const Frame& frame : frames) {
    if (!text.empty()) text += ";";
    text += frame.name;
  }
  return text;
}

std::string describeFrames(const std::vector<Frame>& frames) {
  std::string text;
  for (const Frame& frame : frames) {
    if (!text.empty()) text += ";";
    text += frame.name + "@" + std::to_string(frame.location) + (frame.inlined ? "+i" : "");
  }
  return text;
}

int findFrame(const std::vector<Frame>& frames, const std::string& name, size_t from) {
  for (size_t i = from; i < frames.size(); ++i)
    if (frames[i].name == name) return static_cast<int>(i);
  return -1;
}

bool pprofRunHasOption(const std::string& option) {
  ProcessResult help = run({PPROF_RUN_PATH, "--help"});
  return (help.out + help.err).find(option) != std::string::npos;
}

}  // namespace pprof::itest

// Hand-built profiles of Python programs in the recorded form (format/profile.h): native
// locations leaf first, then the thread's Python frames leaf first. Names and shapes follow
// CPython 3.11's call paths.
#pragma once

#include <string>
#include <vector>

#include "support/profile_builder.h"
#include "wire/wire.h"

namespace pprof::testing {

class PythonProfileBuilder : public ProfileBuilder {
 public:
  PythonProfileBuilder() {
    Profile& p = profile();
    p.processes[0].python_version = "3.11.7";
    p.processes[0].executable = "/usr/bin/python3";
    exe_ = module("/usr/bin/python3");
    libpython_ = module("/usr/lib/libpython3.11.so.1.0");
    libc_ = module("/usr/lib/x86_64-linux-gnu/libc.so.6");
  }

  uint32_t libpython() const { return libpython_; }
  uint32_t exe() const { return exe_; }
  uint32_t libc() const { return libc_; }

  // A native frame of `module`, one per (name, module), reused.
  uint32_t native(const std::string& name, uint32_t module) {
    const std::string key = name + "@" + std::to_string(module);
    for (size_t i = 0; i < native_keys_.size(); ++i) {
      if (native_keys_[i] == key) return native_locations_[i];
    }
    const uint32_t fn = function(name, "", 0, module);
    const uint32_t loc = location({fn}, module);
    native_keys_.push_back(key);
    native_locations_.push_back(loc);
    return loc;
  }
  uint32_t lib(const std::string& name) { return native(name, libpython_); }

  // A Python frame: function `name` of `file` starting at `first_line`, executing `line`.
  uint32_t py(const std::string& name, const std::string& file, uint32_t first_line, uint32_t line,
              bool entry = false) {
    Function fn{name, name, file, first_line, kNone, Language::kPython};
    profile().functions.push_back(fn);
    Location loc;
    loc.module = kNone;
    loc.address = 0;
    loc.lines.push_back({static_cast<uint32_t>(profile().functions.size() - 1), line});
    loc.flags = kLocationPython | (entry ? kLocationPythonEntry : 0);
    profile().locations.push_back(loc);
    return static_cast<uint32_t>(profile().locations.size() - 1);
  }

  // The interpreter's start-up chain, leaf first, rootward of the first eval frame.
  std::vector<uint32_t> startup() {
    return {lib("PyEval_EvalCode"), lib("run_eval_code_obj"), lib("run_mod"), lib("Py_RunMain"),
            lib("Py_BytesMain"), native("main", exe_), native("__libc_start_main", libc_), native("_start", exe_)};
  }

  static std::vector<uint32_t> concat(std::vector<std::vector<uint32_t>> parts) {
    std::vector<uint32_t> out;
    for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
    return out;
  }

  static constexpr uint16_t kPythonGil = wire::kSamplePython | wire::kSampleGil;

 private:
  uint32_t exe_, libpython_, libc_;
  std::vector<std::string> native_keys_;
  std::vector<uint32_t> native_locations_;
};

}  // namespace pprof::testing

// Command-line parsing and validation for pprof-run. Pure: no I/O, no process state, so every
// message can be unit-tested. Options stop at the first non-option argument (like `time` or
// `env`), so `pprof-run ./app -o x` passes `-o x` to the app.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace pprof::collector {

constexpr uint32_t kDefaultFrequencyHz = 1000;
constexpr uint32_t kMaxFrequencyHz = 20000;

struct CliOptions {
  std::string output = "out.prof";
  uint32_t frequency_hz = kDefaultFrequencyHz;
  std::string mode = "cpu";           // "cpu" or "wall"
  std::vector<std::string> command;   // PROGRAM and its arguments
  bool show_help = false;
  bool show_version = false;
};

// `args` excludes argv[0]. Errors are one line without the "pprof-run: " prefix, e.g.
// "--frequency: expected an integer in 1..20000, got 'abc'".
Result<CliOptions> parseCli(const std::vector<std::string>& args);

std::string usageText();
std::string versionText();

}  // namespace pprof::collector

// Command-line parsing and validation for pprof-run. Pure: no I/O, no process state, so every
// message can be unit-tested. Options stop at the first non-option argument (like `time` or
// `env`), so `pprof-run ./app -o x` passes `-o x` to the app. `--pid PID` attaches to a running
// process instead of launching one (profiler/attach/README.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace pprof::collector {

constexpr uint32_t kDefaultFrequencyHz = 1000;
constexpr uint32_t kMaxFrequencyHz = 20000;
// Attaching copies the user stack per sample and unwinds it in pprof-run, so the default is
// lower than a launched run's; profiler/attach/README.md has the measurements behind it.
constexpr uint32_t kDefaultAttachFrequencyHz = 199;

struct CliOptions {
  std::string output = "out.prof";
  uint32_t frequency_hz = kDefaultFrequencyHz;
  std::string mode = "cpu";           // "cpu" or "wall"
  std::vector<std::string> command;   // PROGRAM and its arguments (empty with --pid)
  int32_t pid = 0;                    // --pid: attach to this running process (0: launch)
  double duration_s = 0;              // --duration: stop attaching after this long (0: no limit)
  bool frequency_given = false;       // -F was on the command line
  bool regions_only = false;          // --regions-only: sample only inside profiler-API regions
  bool no_python = false;             // --no-python: native frames only, even in CPython
  bool output_given = false;          // -o was on the command line
  bool print_env = false;             // --print-env: the environment mode's lines, no PROGRAM
  bool show_help = false;
  bool show_version = false;
};

// `args` excludes argv[0]. Errors are one line without the "pprof-run: " prefix, e.g.
// "--frequency: expected an integer in 1..20000, got 'abc'".
Result<CliOptions> parseCli(const std::vector<std::string>& args);

std::string usageText();

// The default PPROF_OUTPUT pattern of --print-env: one file per process tree, host and pid.
constexpr const char kDefaultOutputPattern[] = "prof/%h-%p.prof";
std::string versionText();

}  // namespace pprof::collector

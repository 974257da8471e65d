#include "collector/cli_options.h"

#include <charconv>
#include <cmath>

namespace pprof::collector {
namespace {

Result<uint32_t> parseFrequency(const std::string& flag, const std::string& text) {
  uint32_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 1 || value > kMaxFrequencyHz) {
    return Status::error(flag + ": expected an integer in 1.." + std::to_string(kMaxFrequencyHz) +
                         ", got '" + text + "'");
  }
  return value;
}

Result<int32_t> parsePid(const std::string& text) {
  int32_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 1) {
    return Status::error("--pid: expected a process id (a positive integer), got '" + text + "'");
  }
  return value;
}

// Seconds as a plain decimal ("2", "0.5"); at most a week, so a typo cannot mean forever.
Result<double> parseDuration(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::fixed);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value) || value <= 0 ||
      value > 7 * 24 * 3600.0) {
    return Status::error("--duration: expected a number of seconds greater than 0 (e.g. 2 or 0.5), got '" +
                         text + "'");
  }
  return value;
}

Status applyValue(CliOptions& options, const std::string& flag, const std::string& value) {
  if (flag == "--output") {
    if (value.empty()) return Status::error("--output: expected a file name, got ''");
    options.output = value;
    options.output_given = true;
  } else if (flag == "--frequency") {
    auto hz = parseFrequency(flag, value);
    if (!hz) return hz.status();
    options.frequency_hz = hz.value();
    options.frequency_given = true;
  } else if (flag == "--pid") {
    auto pid = parsePid(value);
    if (!pid) return pid.status();
    options.pid = pid.value();
  } else if (flag == "--duration") {
    auto seconds = parseDuration(value);
    if (!seconds) return seconds.status();
    options.duration_s = seconds.value();
  } else if (flag == "--mode") {
    if (value != "cpu" && value != "wall") {
      return Status::error("--mode: expected 'cpu' or 'wall', got '" + value + "'");
    }
    options.mode = value;
  }
  return Status::ok();
}

// Maps every spelling of an option that takes a value to its long name; "" if none.
std::string valueFlagName(const std::string& name) {
  if (name == "-o" || name == "--output") return "--output";
  if (name == "-F" || name == "--frequency") return "--frequency";
  if (name == "--mode") return "--mode";
  if (name == "-p" || name == "--pid") return "--pid";
  if (name == "--duration") return "--duration";
  return "";
}

}  // namespace

Result<CliOptions> parseCli(const std::vector<std::string>& args) {
  CliOptions options;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') break;  // PROGRAM (a lone "-" is a program name too)
    if (arg == "-h" || arg == "--help") {
      options.show_help = true;
      return options;
    }
    if (arg == "--version") {
      options.show_version = true;
      return options;
    }
    if (arg == "--regions-only") {
      options.regions_only = true;
      continue;
    }
    if (arg == "--no-python") {
      options.no_python = true;
      continue;
    }
    if (arg == "--print-env") {
      options.print_env = true;
      continue;
    }
    std::string name = arg;
    std::string value;
    bool has_value = false;
    if (size_t eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
      name = arg.substr(0, eq);  // --output=FILE
      value = arg.substr(eq + 1);
      has_value = true;
    } else if (!arg.starts_with("--") && arg.size() > 2) {
      name = arg.substr(0, 2);  // -oFILE, -F500
      value = arg.substr(2);
      has_value = true;
    }
    std::string flag = valueFlagName(name);
    if (flag.empty()) return Status::error("unknown option '" + arg + "' (see --help)");
    if (!has_value) {
      if (i + 1 >= args.size()) return Status::error(flag + ": missing value");
      value = args[++i];
    }
    if (Status s = applyValue(options, flag, value); !s) return s;
  }
  options.command.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  if (options.print_env) {
    if (!options.command.empty()) {
      return Status::error("--print-env: prints the environment that records a program started elsewhere, so no "
                           "PROGRAM can follow (got '" + options.command.front() + "')");
    }
    if (options.pid != 0 || options.duration_s > 0) return Status::error("--print-env: not with --pid or --duration");
    if (options.regions_only) return Status::error("--print-env: not with --regions-only");
    if (!options.output_given) options.output = kDefaultOutputPattern;
    return options;
  }
  if (options.pid != 0) {
    if (!options.command.empty()) {
      return Status::error("--pid: attaches to a running process, so no PROGRAM to run can follow (got '" +
                           options.command.front() + "')");
    }
    if (options.regions_only) return Status::error("--regions-only: not with --pid (regions are marked by a launched PROGRAM)");
    if (!options.frequency_given) options.frequency_hz = kDefaultAttachFrequencyHz;
    return options;
  }
  if (options.duration_s > 0) {
    return Status::error("--duration: only with --pid (a launched PROGRAM is profiled until it exits)");
  }
  if (options.command.empty()) return Status::error("missing PROGRAM to run (see --help)");
  return options;
}

std::string usageText() {
  return std::string("usage: pprof-run [options] [--] PROGRAM [ARGS...]\n") +
         "       pprof-run --pid PID [--duration SECONDS] [options]\n"
         "       pprof-run --print-env [-o PATTERN] [-F HZ] [--mode cpu|wall] [--no-python]\n"
         "Runs PROGRAM with a sampling profiler preloaded and writes a profile of every thread\n"
         "and process it starts; or, with --pid, samples every thread of a running process\n"
         "without stopping it, until --duration passes, Ctrl-C, or the process exits.\n"
         "\n"
         "  -o, --output FILE      profile to write (default: out.prof)\n"
         "  -F, --frequency HZ     samples per second per thread, 1..20000 (default: 1000;\n"
         "                         " + std::to_string(kDefaultAttachFrequencyHz) + " with --pid)\n"
         "  --mode cpu|wall        cpu: on-CPU time (default); wall: all threads, running or not\n"
         "  -p, --pid PID          attach to running process PID instead of launching PROGRAM\n"
         "  --duration SECONDS     with --pid: detach after this long (default: until Ctrl-C or\n"
         "                         the process exits)\n"
         "  --regions-only         sample only while the program has a region open (profiler API:\n"
         "                         pprof_region_begin/end, pprof::Region); also PPROF_REGIONS_ONLY=1\n"
         "  --no-python            native frames only: do not read CPython's frames (they are\n"
         "                         recorded by default in every process that runs CPython 3.8-3.13)\n"
         "  --print-env            print the shell lines (export ...) that make every process\n"
         "                         started with them record itself and its children into PATTERN\n"
         "                         (default " + std::string(kDefaultOutputPattern) + "; %h host, %p pid, %t start\n"
         "                         time), without pprof-run: for workers started by others\n"
         "  -h, --help             show this help\n"
         "  --version              show the version\n"
         "\n"
         "Exit status is PROGRAM's own (128+N if it died of signal N); 127/126 if it cannot be\n"
         "found/executed; 2 for bad options or an unwritable output file.\n"
         "With --pid: 0 when the profile was written; 1 if the process exited before --duration\n"
         "passed (the samples taken are kept); 2 if it could not attach (no such process, not\n"
         "permitted, ...).\n"
         "Then: pprof-stats out.prof --sort time --top 10, or pprof-view out.prof\n";
}

std::string versionText() { return "pprof-run 0.1.0\n"; }

}  // namespace pprof::collector

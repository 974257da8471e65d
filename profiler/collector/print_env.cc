#include "collector/print_env.h"

namespace pprof::collector {
namespace {

// 'it'"'"'s' for sh: single quotes end, a quoted quote, single quotes again.
std::string shellQuoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') {
      out += "'\"'\"'";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace

std::string environmentLines(const CliOptions& options, const std::string& sampler_library) {
  std::string out = "export LD_PRELOAD=" + shellQuoted(sampler_library) + "${LD_PRELOAD:+:$LD_PRELOAD}\n";
  out += "export PPROF_OUTPUT=" + shellQuoted(options.output) + "\n";
  out += "export PPROF_FREQUENCY=" + std::to_string(options.frequency_hz) + "\n";
  out += "export PPROF_MODE=" + options.mode + "\n";
  if (options.no_python) out += "export PPROF_PYTHON=0\n";
  return out;
}

}  // namespace pprof::collector

#include "collector/summary.h"

#include <cctype>
#include <cstdio>

namespace pprof::collector {
namespace {

std::string plural(uint64_t n, const std::string& word) {
  std::string suffix = word.ends_with("s") ? "es" : "s";
  return withThousands(n) + " " + word + (n == 1 ? "" : suffix);
}

// Quotes a path for a shell command line only when it needs it.
std::string shellWord(const std::string& s) {
  bool plain = !s.empty();
  for (char c : s) {
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '.' || c == '_' || c == '-' ||
          c == '+' || c == ',' || c == ':' || c == '@')) {
      plain = false;
    }
  }
  if (plain) return s;
  std::string quoted = "'";
  for (char c : s) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// ", Python 3.11.7 (1,234 samples with Python frames)" when CPython ran.
std::string pythonPart(const RunSummary& s) {
  if (s.python_versions.empty()) return "";
  std::string versions;
  for (const std::string& v : s.python_versions) versions += (versions.empty() ? "" : ", ") + v;
  if (s.python_off) return ", Python " + versions + " (frames off: --no-python)";
  return ", Python " + versions + " (" + withThousands(s.python_samples) + " samples with Python frames)";
}

}  // namespace

std::string withThousands(uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string formatSummary(const RunSummary& s) {
  std::string malformed;
  if (s.malformed_connections > 0) {
    malformed = ", " + withThousands(s.malformed_connections) + " malformed stream" +
                (s.malformed_connections == 1 ? "" : "s") + " dropped";
  }
  if (s.connections == 0) {
    return "pprof-run: no samples: the program never loaded the sampler (a static or setuid "
           "binary, or LD_PRELOAD removed?); nothing profiled -> " + s.output;
  }
  if (s.samples == 0) {
    return "pprof-run: no samples from " + plural(s.processes, "process") + " (ran for less than a "
           "sampling period of CPU time?), " + withThousands(s.lost) + " lost" + malformed + " -> " +
           s.output;
  }
  char seconds[64];
  double secs = static_cast<double>(s.weight) * static_cast<double>(s.period_ns) / 1e9;
  std::snprintf(seconds, sizeof(seconds), "%.1f s %s", secs, s.mode == "wall" ? "thread time" : "CPU");
  return "pprof-run: " + plural(s.samples, "sample") + " (" + seconds + ") from " +
         plural(s.threads, "thread") + " in " + plural(s.processes, "process") + ", " + withThousands(s.lost) +
         " lost, " + withThousands(s.truncated) + " truncated" + malformed + ", clock " +
         (s.clock.empty() ? "unknown" : s.clock) + " @ " + std::to_string(s.frequency_hz) +
         " Hz" + pythonPart(s) + " -> " + s.output;
}

std::string formatNextSteps(const std::string& output) {
  std::string file = shellWord(output);
  // Two alternatives, not a pipeline: "|" would read as one, so spell out "or".
  return "next: pprof-stats " + file + " --sort time --top 10   or   pprof-view " + file;
}

}  // namespace pprof::collector

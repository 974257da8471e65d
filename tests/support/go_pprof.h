// `go tool pprof` as the acceptance test of our pprof exports: run offline with a private
// HOME/GOCACHE, its -top table parsed. Tests skip when Go is not installed (haveGo()).
#pragma once

#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace pprof::testing {

inline std::string runShell(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return "popen failed";
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  int status = ::pclose(pipe);
  if (status != 0) output += "\n[exit status " + std::to_string(status) + "]";
  return output;
}

inline bool haveGo() { return runShell("command -v go >/dev/null 2>&1 && echo yes") == "yes\n"; }

// `go tool pprof -top -nodecount=20 ARGS` (ARGS: the file, or -diff_base BASE NEW).
inline std::string goPprofTop(const std::string& args) {
  const std::string home = args.substr(args.find_last_of(' ') + 1) + ".home";
  return runShell("mkdir -p " + home + " && env HOME=" + home + " GOCACHE=" + home + "/cache GOPATH=" + home +
             "/go GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local PPROF_TMPDIR=" + home +
             " go tool pprof -top -nodecount=20 " + args + " 2>&1");
}

// "      4ms 18.18% 18.18%       9ms 40.91%  compute(int)" -> name -> the five numbers' text.
// Inlined frames are printed as "square (inline)"; the suffix is dropped.
inline std::map<std::string, std::vector<std::string>> topRows(const std::string& output) {
  std::map<std::string, std::vector<std::string>> rows;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::vector<std::string> columns(5);
    for (std::string& c : columns) fields >> c;
    std::string name;
    std::getline(fields >> std::ws, name);
    auto isPercent = [](const std::string& c) { return !c.empty() && c.back() == '%'; };
    if (name.empty() || !isPercent(columns[1]) || !isPercent(columns[4])) continue;
    const std::string inline_suffix = " (inline)";  // pprof marks inlined frames
    if (name.size() > inline_suffix.size() && name.ends_with(inline_suffix)) name.resize(name.size() - inline_suffix.size());
    rows[name] = columns;
  }
  return rows;
}

}  // namespace pprof::testing

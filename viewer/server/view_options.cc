#include "server/view_options.h"

#include <charconv>

namespace pprof::server {
namespace {

Status usageError(const std::string& message) { return Status::error("pprof-view: " + message); }

}  // namespace

std::string viewUsage() {
  return "usage: pprof-view FILE... [--diff BASE]... [-H HOST] [-p PORT] [--no-browser]\n"
         "  Serves the profile(s) on a local web page (several files are merged).\n"
         "  --diff BASE   compare with BASE (repeat for several files, merged): the charts colour\n"
         "                each call path by its change from BASE, the table has BASE's columns\n"
         "  -H HOST       address to listen on (default 127.0.0.1; others are reachable from the network)\n"
         "  -p PORT       first port to try (default 8080; taken ports are skipped; 0: any free port)\n"
         "  --no-browser  only print the URL\n";
}

Result<ViewOptions> parseViewOptions(const std::vector<std::string>& args) {
  ViewOptions options;
  bool only_files = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_files || arg.empty() || arg[0] != '-' || arg == "-") {
      options.files.push_back(arg);
    } else if (arg == "--") {
      only_files = true;
    } else if (arg == "-h" || arg == "--help") {
      options.help = true;
    } else if (arg == "--no-browser") {
      options.open_browser = false;
    } else if (arg.rfind("--diff=", 0) == 0) {
      if (arg.size() == 7) return usageError("--diff: missing value");
      options.base_files.push_back(arg.substr(7));
    } else if (arg == "--diff" || arg == "-H" || arg == "--host" || arg == "-p" || arg == "--port") {
      if (i + 1 == args.size()) return usageError(arg + ": missing value");
      const std::string& value = args[++i];
      if (arg == "--diff") {
        if (value.empty()) return usageError("--diff: missing value");
        options.base_files.push_back(value);
        continue;
      }
      if (arg == "-H" || arg == "--host") {
        if (value.empty()) return usageError(arg + ": empty host");
        options.host = value;
        continue;
      }
      int port = -1;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
      if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() || port < 0 || port > 65535) {
        return usageError(arg + ": '" + value + "' is not a port (0..65535)");
      }
      options.port = port;
      options.port_given = true;
    } else {
      return usageError("unknown option '" + arg + "' (see --help)");
    }
  }
  if (!options.help && options.files.empty()) {
    return usageError(options.base_files.empty() ? "no profile given (see --help)"
                                                 : "--diff: no profile to compare with BASE given (see --help)");
  }
  return options;
}

}  // namespace pprof::server

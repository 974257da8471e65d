// Command line of pprof-view:
//   pprof-view FILE... [--diff BASE]... [-H HOST] [-p PORT] [--no-browser]
// Pure parsing; errors are one line ("pprof-view: -p: 'x' is not a port (0..65535)").
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace pprof::server {

struct ViewOptions {
  std::vector<std::string> files;
  std::vector<std::string> base_files;  // --diff BASE (repeatable, merged): compare FILEs with it
  std::string host = "127.0.0.1";
  int port = 8080;
  bool port_given = false;
  bool open_browser = true;
  bool help = false;
};

Result<ViewOptions> parseViewOptions(const std::vector<std::string>& args);  // args without argv[0]

std::string viewUsage();

}  // namespace pprof::server

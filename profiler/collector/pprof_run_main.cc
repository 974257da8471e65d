// pprof-run: runs a program under the sampling profiler (run_session.h), or attaches to a
// running one with --pid (attach/attach_session.h).
#include <cstdio>
#include <string>
#include <vector>

#include "attach/attach_session.h"
#include "collector/cli_options.h"
#include "collector/launcher.h"
#include "collector/print_env.h"
#include "collector/run_session.h"

int main(int argc, char** argv) {
  using namespace pprof::collector;
  auto options = parseCli(std::vector<std::string>(argv + 1, argv + argc));
  if (!options) {
    std::fprintf(stderr, "pprof-run: %s\n", options.message().c_str());
    return 2;
  }
  // Only --help/--version use stdout (no program runs then); during a run stdout belongs to
  // the profiled program alone.
  if (options.value().show_help) {
    std::fputs(usageText().c_str(), stdout);
    return 0;
  }
  if (options.value().show_version) {
    std::fputs(versionText().c_str(), stdout);
    return 0;
  }
  if (options.value().print_env) {
    auto library = findSamplerLibrary();
    if (!library) {
      std::fprintf(stderr, "pprof-run: --print-env: %s\n", library.message().c_str());
      return 2;
    }
    std::fputs(environmentLines(options.value(), library.value()).c_str(), stdout);
    return 0;
  }
  if (options.value().pid != 0) return pprof::attach::runAttachSession(options.value());
  return runSession(options.value());
}

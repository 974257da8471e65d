// pprof-collect: the collector that pprof_start() (profiler/api) spawns. Not meant to be run
// by hand; see collect_session.h for its contract with the program.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "collector/collect_session.h"

int main(int argc, char** argv) {
  auto options = pprof::collector::parseCollectArgs(std::vector<std::string>(argv + 1, argv + argc));
  if (!options) {
    std::fprintf(stderr,
                 "pprof-collect: %s\n"
                 "pprof-collect is started by pprof_start() (the profiler API), not by hand.\n",
                 options.message().c_str());
    return 2;
  }
  return pprof::collector::runCollect(options.value());
}

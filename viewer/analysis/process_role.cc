#include "analysis/process_role.h"

#include <algorithm>

namespace pprof::analysis {
namespace {

std::string baseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool isPython(const std::string& program) { return baseName(program).starts_with("python"); }

bool mentions(const std::vector<std::string>& args, const std::string& text) {
  return std::any_of(args.begin(), args.end(), [&](const std::string& a) { return a.find(text) != std::string::npos; });
}

}  // namespace

std::string processRole(const Process& process) {
  const std::vector<std::string>& argv = process.command;
  if (argv.empty()) return baseName(process.executable);
  // multiprocessing's helpers run as `python -c "from multiprocessing.X import ..."`.
  if (mentions(argv, "multiprocessing.resource_tracker")) return "resource_tracker";
  if (mentions(argv, "multiprocessing.forkserver")) return "forkserver";
  if (mentions(argv, "spawn_main") || mentions(argv, "--multiprocessing-fork")) return "spawn worker";
  // The script a Python interpreter runs (skipping its options), or the program itself.
  std::string program = baseName(argv[0]);
  if (isPython(program)) {
    for (size_t i = 1; i < argv.size(); ++i) {
      if (argv[i] == "-m" && i + 1 < argv.size()) return argv[i + 1];
      if (argv[i] == "-c") return program + " -c";
      if (!argv[i].starts_with("-")) {
        program = baseName(argv[i]);
        break;
      }
    }
  }
  // `dask scheduler` / `dask worker` (the newer CLI) name the same roles as the old commands.
  if (program == "dask" && argv.size() > 1) {
    for (size_t i = 1; i < argv.size(); ++i) {
      if (argv[i] == "scheduler" || argv[i] == "worker") return "dask-" + argv[i];
    }
  }
  return program;
}

}  // namespace pprof::analysis

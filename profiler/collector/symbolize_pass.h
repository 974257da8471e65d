// End-of-run symbolization: resolves every location of the run once and writes Functions and
// each Location's inline chain through the ProfWriter.
//
// Modules are grouped by file (path + build-id), so a library mapped into many forked processes
// is opened and each of its addresses resolved once, and its functions are shared by all those
// processes (Function.module is the first module of the group). Location addresses already
// point inside the instruction of interest (see run_recorder.h), so they are resolved as is.
// Locations outside every module get the function "[unknown]".
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "format/prof_file.h"
#include "format/profile.h"
#include "format/stack_roots.h"
#include "symbolize/symbolizer.h"

namespace pprof::collector {

// Symbolizer::resolve, or a fake in tests.
using ResolveFn =
    std::function<std::vector<SymbolizedAddress>(const ModuleRef&, const std::vector<uint64_t>&)>;

struct SymbolizeStats {
  size_t module_files = 0;  // distinct (path, build-id) resolved
  size_t addresses = 0;     // distinct addresses resolved
  size_t functions = 0;
  // Per location id: what it means as a stack's outermost frame (format/stack_roots.h).
  std::vector<StackEnd> location_end;
};

Result<SymbolizeStats> symbolizeLocations(const std::vector<Module>& modules,
                                          const std::vector<Location>& locations,
                                          ProfWriter& writer, const ResolveFn& resolve);

}  // namespace pprof::collector

#include "collector/symbolize_pass.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace pprof::collector {
namespace {

using FileKey = std::pair<std::string, std::string>;  // (path, build-id)
using FunctionKey = std::tuple<std::string, std::string, uint32_t>;  // (name, file, module)

class FunctionTable {
 public:
  explicit FunctionTable(ProfWriter& writer) : writer_(writer) {}

  Result<uint32_t> idFor(const SymbolizedFrame& frame, uint32_t module) {
    FunctionKey key{frame.function, frame.file, module};
    if (auto it = ids_.find(key); it != ids_.end()) return it->second;
    Function function;
    function.name = frame.function;
    function.system_name = frame.system_name.empty() ? frame.function : frame.system_name;
    function.file = frame.file;
    function.start_line = frame.function_line;
    function.module = module;
    auto id = writer_.addFunction(function);
    if (!id) return id.status();
    ids_.emplace(key, id.value());
    return id.value();
  }
  size_t size() const { return ids_.size(); }

 private:
  ProfWriter& writer_;
  std::map<FunctionKey, uint32_t> ids_;
};

struct FileGroup {
  uint32_t first_module = kNone;
  std::vector<uint32_t> locations;
};

Status writeLines(ProfWriter& writer, FunctionTable& functions, uint32_t location,
                  const SymbolizedAddress& resolved, uint32_t module) {
  std::vector<Line> lines;
  for (const SymbolizedFrame& frame : resolved.frames) {
    auto function = functions.idFor(frame, module);
    if (!function) return function.status();
    lines.push_back(Line{function.value(), frame.line});
  }
  return writer.setLocationLines(location, lines);
}

}  // namespace

Result<SymbolizeStats> symbolizeLocations(const std::vector<Module>& modules,
                                          const std::vector<Location>& locations,
                                          ProfWriter& writer, const ResolveFn& resolve) {
  std::map<FileKey, FileGroup> groups;
  std::vector<uint32_t> unknown;
  for (uint32_t id = 0; id < locations.size(); ++id) {
    if ((locations[id].flags & kLocationPython) != 0) continue;  // named by its code record already
    uint32_t module = locations[id].module;
    if (module == kNone || module >= modules.size()) {
      unknown.push_back(id);
      continue;
    }
    FileGroup& group = groups[{modules[module].path, modules[module].build_id}];
    if (group.first_module == kNone) group.first_module = module;
    group.locations.push_back(id);
  }

  SymbolizeStats stats;
  stats.location_end.assign(locations.size(), StackEnd::kUnknown);
  FunctionTable functions(writer);
  for (const auto& [file, group] : groups) {
    std::vector<uint64_t> addresses;
    for (uint32_t id : group.locations) addresses.push_back(locations[id].address);
    std::sort(addresses.begin(), addresses.end());
    addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
    std::vector<SymbolizedAddress> resolved = resolve(ModuleRef{file.first, file.second}, addresses);
    ++stats.module_files;
    stats.addresses += addresses.size();
    for (uint32_t id : group.locations) {
      size_t index = std::lower_bound(addresses.begin(), addresses.end(), locations[id].address) -
                     addresses.begin();
      SymbolizedAddress fallback;
      const SymbolizedAddress* result = index < resolved.size() ? &resolved[index] : &fallback;
      if (result->frames.empty()) {  // never drop a frame, even if the symbolizer did
        fallback.frames.push_back(SymbolizedFrame{"[unknown]", "[unknown]", "", 0, 0});
        result = &fallback;
      }
      if (Status s = writeLines(writer, functions, id, *result, group.first_module); !s) return s;
      stats.location_end[id] = classifyStackEnd(result->frames.back().function);
    }
  }
  SymbolizedAddress unknown_frame{{SymbolizedFrame{"[unknown]", "[unknown]", "", 0, 0}}};
  for (uint32_t id : unknown) {
    if (Status s = writeLines(writer, functions, id, unknown_frame, kNone); !s) return s;
  }
  stats.functions = functions.size();
  return stats;
}

}  // namespace pprof::collector

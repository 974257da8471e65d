#include "symbolize/dwarf_frames.h"

#include <dwarf.h>
#include <elfutils/libdw.h>

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "symbolize/dwarf_names.h"

namespace pprof::symbolize {

std::vector<SymbolizedFrame> DwarfFrames::resolve(uint64_t address) {
  Dwarf_Addr bias = 0;
  Dwarf_Die* cu = findCu(address, &bias);
  if (cu == nullptr) return {};
  Dwarf_Addr pc = address - bias;
  SourcePos position = lineAt(cu, pc);

  std::vector<SymbolizedFrame> frames;
  for (Dwarf_Die& scope : scopesOf(cu).chain(pc)) {
    const FunctionInfo& info = describe(&scope);
    SymbolizedFrame frame;
    frame.function = info.function;
    frame.system_name = info.system_name;
    frame.function_line = info.decl_line;
    frame.file = position.file;
    frame.line = position.line;
    frames.push_back(std::move(frame));
    if (dwarf_tag(&scope) == DW_TAG_inlined_subroutine) position = callSite(&scope);
  }

  if (frames.empty() && position.line != 0) {
    // Line table only (e.g. assembly sources): a frame without a name.
    SymbolizedFrame frame;
    frame.file = position.file;
    frame.line = position.line;
    frames.push_back(std::move(frame));
  }
  return frames;
}

const CuScopeIndex& DwarfFrames::scopesOf(Dwarf_Die* cu) {
  std::unique_ptr<CuScopeIndex>& index = cu_scopes_[dwarf_dieoffset(cu)];
  if (!index) index = std::make_unique<CuScopeIndex>(cu);
  return *index;
}

Dwarf_Die* DwarfFrames::findCu(uint64_t address, Dwarf_Addr* bias) {
  if (Dwarf_Die* cu = dwfl_module_addrdie(module_, address, bias)) return cu;
  if (!cu_index_built_) buildCuIndex();
  auto after = std::upper_bound(cu_ranges_.begin(), cu_ranges_.end(), address,
                                [](uint64_t a, const CuRange& r) { return a < r.start; });
  if (after == cu_ranges_.begin()) return nullptr;
  const CuRange& range = *(after - 1);
  if (address >= range.end) return nullptr;
  *bias = range.bias;
  return range.cu;
}

void DwarfFrames::buildCuIndex() {
  cu_index_built_ = true;
  Dwarf_Addr bias = 0;
  for (Dwarf_Die* cu = dwfl_module_nextcu(module_, nullptr, &bias); cu != nullptr;
       cu = dwfl_module_nextcu(module_, cu, &bias)) {
    Dwarf_Addr base = 0, start = 0, end = 0;
    for (ptrdiff_t offset = 0; (offset = dwarf_ranges(cu, offset, &base, &start, &end)) > 0;) {
      if (end > start) cu_ranges_.push_back(CuRange{start + bias, end + bias, cu, bias});
    }
  }
  std::sort(cu_ranges_.begin(), cu_ranges_.end(),
            [](const CuRange& a, const CuRange& b) { return a.start < b.start; });
}

DwarfFrames::SourcePos DwarfFrames::lineAt(Dwarf_Die* cu, Dwarf_Addr pc) {
  SourcePos position;
  Dwarf_Line* line = dwarf_getsrc_die(cu, pc);
  if (line == nullptr) return position;
  int number = 0;
  if (dwarf_lineno(line, &number) == 0 && number > 0) position.line = static_cast<uint32_t>(number);
  if (const char* file = dwarf_linesrc(line, nullptr, nullptr)) position.file = sourcePath(file, cu);
  return position;
}

DwarfFrames::SourcePos DwarfFrames::callSite(Dwarf_Die* inlined_scope) {
  SourcePos position;
  Dwarf_Attribute attr;
  Dwarf_Word line = 0;
  if (dwarf_formudata(dwarf_attr(inlined_scope, DW_AT_call_line, &attr), &line) == 0) {
    position.line = static_cast<uint32_t>(line);
  }
  Dwarf_Word file_index = 0;
  Dwarf_Die cu;
  Dwarf_Files* files = nullptr;
  size_t file_count = 0;
  if (dwarf_formudata(dwarf_attr(inlined_scope, DW_AT_call_file, &attr), &file_index) == 0 &&
      dwarf_diecu(inlined_scope, &cu, nullptr, nullptr) != nullptr &&
      dwarf_getsrcfiles(&cu, &files, &file_count) == 0 && file_index < file_count) {
    if (const char* file = dwarf_filesrc(files, file_index, nullptr, nullptr)) {
      position.file = sourcePath(file, &cu);
    }
  }
  return position;
}

const DwarfFrames::FunctionInfo& DwarfFrames::describe(Dwarf_Die* scope) {
  uint64_t key = dwarf_dieoffset(scope);
  auto found = functions_.find(key);
  if (found != functions_.end()) return found->second;
  DwarfFunctionName name = describeFunctionDie(scope);
  FunctionInfo info{std::move(name.function), std::move(name.system_name), name.decl_line};
  return functions_.emplace(key, std::move(info)).first->second;
}

// Relative names are relative to the CU's DW_AT_comp_dir; "./a/../b" noise is removed.
const std::string& DwarfFrames::sourcePath(const char* file, Dwarf_Die* cu) {
  auto found = paths_.find(file);
  if (found != paths_.end()) return found->second;
  std::filesystem::path path(file);
  if (path.is_relative()) {
    Dwarf_Attribute attr;
    const char* dir = dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &attr));
    // DWARF 5 line tables already join directory 0 (the comp dir) into the name, and glibc's
    // comp dir is itself relative ("./stdio-common"): joining again would double it.
    if (dir != nullptr && std::string_view(file).rfind(dir, 0) != 0) {
      path = std::filesystem::path(dir) / path;
    }
  }
  return paths_.emplace(file, path.lexically_normal().string()).first->second;
}

}  // namespace pprof::symbolize

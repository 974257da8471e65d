// Inline chains from DWARF for one libdwfl module: for an address, the inlined callees
// (innermost first) and the concrete function last, each with its source position.
//
// The innermost frame's line comes from the line table; each outer frame's line is the
// DW_AT_call_file/DW_AT_call_line of the inlined scope just inside it (as eu-stack does).
// Scope trees are indexed once per CU, function descriptions cached per DIE.
// Not thread-safe (libdw is not).
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "symbolize/cu_scope_index.h"
#include "symbolize/symbolizer.h"

namespace pprof::symbolize {

class DwarfFrames {
 public:
  explicit DwarfFrames(Dwfl_Module* module) : module_(module) {}

  // Frames for a module address. A frame's function/system_name is empty when DWARF names no
  // function there (the caller falls back to the symbol table). Empty if no CU covers it.
  std::vector<SymbolizedFrame> resolve(uint64_t address);

 private:
  struct FunctionInfo {
    std::string function;
    std::string system_name;
    uint32_t decl_line = 0;
  };
  struct SourcePos {
    std::string file;
    uint32_t line = 0;
  };
  struct CuRange {
    uint64_t start, end;  // module addresses
    Dwarf_Die* cu;
    Dwarf_Addr bias;
  };

  const CuScopeIndex& scopesOf(Dwarf_Die* cu);
  Dwarf_Die* findCu(uint64_t address, Dwarf_Addr* bias);
  void buildCuIndex();
  SourcePos lineAt(Dwarf_Die* cu, Dwarf_Addr pc);
  SourcePos callSite(Dwarf_Die* inlined_scope);
  const FunctionInfo& describe(Dwarf_Die* scope);
  const std::string& sourcePath(const char* file, Dwarf_Die* cu);

  Dwfl_Module* module_;
  std::unordered_map<uint64_t, std::unique_ptr<CuScopeIndex>> cu_scopes_;  // by CU offset
  std::unordered_map<uint64_t, FunctionInfo> functions_;  // by DIE offset
  std::unordered_map<const char*, std::string> paths_;    // libdw's strings are stable
  // Only for DWARF without .debug_aranges (clang's default), where addrdie finds nothing.
  bool cu_index_built_ = false;
  std::vector<CuRange> cu_ranges_;
};

}  // namespace pprof::symbolize

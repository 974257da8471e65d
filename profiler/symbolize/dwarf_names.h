// Names of DWARF function DIEs (subprograms and inlined subroutines), following
// DW_AT_abstract_origin / DW_AT_specification to the declaration that carries them.
// Prefers the linkage name (demangled; the mangled one kept), else DW_AT_name qualified with
// its enclosing C++ namespaces and classes. Pure reads of libdw data.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <string>

namespace pprof::symbolize {

struct DwarfFunctionName {
  std::string function;     // demangled / qualified; empty if the DIE names nothing
  std::string system_name;  // linkage name, or == function
  uint32_t decl_line = 0;   // DW_AT_decl_line, 0 if absent
};

DwarfFunctionName describeFunctionDie(Dwarf_Die* die);

}  // namespace pprof::symbolize

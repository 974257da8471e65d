// Symbol name clean-up shared by the symbol-table and DWARF paths of the symbolizer:
// C++ demangling (abi::__cxa_demangle) and removal of ELF symbol-version suffixes.
// Pure functions, no libdw state.
#pragma once

#include <string>
#include <string_view>

namespace pprof::symbolize {

// "_ZN2ns3fooEi" -> "ns::foo(int)"; anything that is not a mangled C++ name comes back as is.
std::string demangle(std::string_view name);

// "memcpy@GLIBC_2.2.5" / "memcpy@@GLIBC_2.14" -> "memcpy": .symtab keeps versioned aliases.
std::string_view stripSymbolVersion(std::string_view name);

}  // namespace pprof::symbolize

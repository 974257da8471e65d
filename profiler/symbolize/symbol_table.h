// Function symbols of one libdwfl module, sorted once for binary search.
//
// Why: dwfl_module_addrinfo scans the whole symbol table on every call (~0.1 ms on libc,
// ~1 ms on large libraries); profiles resolve tens of thousands of addresses per module.
// Uses whatever table libdwfl picked (.symtab of the file or of its separate debug file,
// else .dynsym). Names point into libdwfl's ELF data: valid while the Dwfl_Module lives.
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace pprof::symbolize {

struct FunctionSymbol {
  uint64_t start = 0;  // module address (ELF vaddr + module bias)
  uint64_t end = 0;    // exclusive; zero-sized symbols extend to the next symbol
  std::string_view name;
  bool sized = true;   // false: st_size was 0, `end` is only a guess
};

class SymbolTable {
 public:
  // Reads all function symbols of `module` (STT_FUNC and STT_GNU_IFUNC, defined ones).
  // At one address keeps a single alias: GLOBAL over WEAK over LOCAL, then unversioned.
  static SymbolTable build(Dwfl_Module* module);

  // The function containing `address`, or nullptr.
  const FunctionSymbol* find(uint64_t address) const;

  size_t size() const { return symbols_.size(); }

 private:
  std::vector<FunctionSymbol> symbols_;  // sorted by start, unique starts
};

}  // namespace pprof::symbolize

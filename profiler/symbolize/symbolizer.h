// Turns (module, ELF virtual address) into function names, source files, lines and inline
// chains using elfutils (libdwfl). Each module is opened once; each address resolved once.
//
// Lookup order per module: DWARF from the file itself, separate debug info found by build-id
// (/usr/lib/debug/.build-id/xx/yyyy.debug) or debuglink, then .symtab, then .dynsym (an address
// past a symbol's st_size is not that symbol's), and if nothing matches, a synthetic
// "module+0xOFFSET" name: OFFSET is the start of the function's FDE in .eh_frame when one
// covers the address (one name per function), else the address itself. A frame is never dropped.
//
// Not thread-safe (libdw is not): use one Symbolizer per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace pprof {

struct SymbolizedFrame {
  std::string function;     // demangled name, or "libfoo.so+0x1234" when unknown (see above)
  std::string system_name;  // mangled/linkage name (== function for C or unknown)
  std::string file;         // source file path, empty if unknown
  uint32_t line = 0;        // 0 if unknown
  uint32_t function_line = 0;  // line where the function starts (DW_AT_decl_line), 0 if unknown
};

// One address can expand into several frames because of inlining.
struct SymbolizedAddress {
  std::vector<SymbolizedFrame> frames;  // innermost (inlined callee) first, real function last
};

// Counters for tests and diagnostics: they show that each unique address is resolved once.
struct SymbolizerStats {
  uint64_t modules_opened = 0;      // distinct (path, build_id) modules looked at
  uint64_t addresses_resolved = 0;  // unique addresses actually looked up in a module
  uint64_t cache_hits = 0;          // addresses answered from the per-address cache
};

struct ModuleRef {
  std::string path;      // file path as mapped (may no longer exist: then build-id lookup)
  std::string build_id;  // lowercase hex, may be empty
};

class Symbolizer {
 public:
  Symbolizer();
  ~Symbolizer();
  Symbolizer(const Symbolizer&) = delete;
  Symbolizer& operator=(const Symbolizer&) = delete;

  // Resolves ELF virtual addresses of one module. `addresses` must already point inside the
  // instruction of interest: callers pass `return_address - 1` for caller frames.
  // Always returns one entry per address (synthetic names when the module cannot be read).
  std::vector<SymbolizedAddress> resolve(const ModuleRef& module,
                                         const std::vector<uint64_t>& addresses);

  // Why the last resolve() of this module fell back to synthetic names, or "" if it did not.
  std::string moduleProblem(const ModuleRef& module) const;

  // Directories searched for separate debug info, in libdwfl's debuginfo_path syntax
  // (colon-separated; default ":.debug:/usr/lib/debug"). Build-id lookups use the absolute
  // entries (DIR/.build-id/xx/rest.debug). Applies to modules opened after the call.
  void setDebugSearchPath(std::string path);

  SymbolizerStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pprof

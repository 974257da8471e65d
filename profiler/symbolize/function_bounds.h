// Where the functions of a module without symbols start, from its unwind tables.
//
// Compilers emit one FDE (frame description entry) per function in .eh_frame (GCC and Clang on
// x86-64 by default), and the linker's .eh_frame_hdr lists every FDE's start address, sorted.
// An address that some FDE covers belongs to the function starting at the greatest FDE start
// at or below it (FDEs never overlap): its profile rows can then be one per function
// ("libfoo.so+0x2e2c80") instead of one per sampled instruction. Addresses that no FDE covers
// (padding, hand-written code without CFI) have no known start.
//
// Not thread-safe (libdw is not).
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace pprof::symbolize {

class FunctionBounds {
 public:
  // Reads the .eh_frame_hdr table of `module`'s main ELF file; empty if it has none (a
  // separate debug file standing in for a deleted module, an unknown table encoding).
  static FunctionBounds build(Dwfl_Module* module);

  // Start (module address) of the function whose FDE covers the module address `address`.
  std::optional<uint64_t> functionStart(uint64_t address) const;

  size_t size() const { return starts_.size(); }

 private:
  Dwfl_Module* module_ = nullptr;
  std::vector<uint64_t> starts_;  // module addresses, sorted, unique
};

}  // namespace pprof::symbolize

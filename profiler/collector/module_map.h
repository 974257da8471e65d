// The modules of one process image, for mapping a sampled PC to (module, ELF address).
// Loaded modules are kept sorted by start address; unloaded ones are kept as a fallback
// because samples taken just before a dlclose can arrive after its ModuleUnload record.
#pragma once

#include <cstdint>
#include <vector>

namespace pprof::collector {

struct ModuleSpan {
  uint64_t start = 0;  // runtime range [start, end)
  uint64_t end = 0;
  uint64_t bias = 0;   // runtime address = ELF virtual address + bias
  uint32_t id = 0;     // module id in the profile
};

class ModuleMap {
 public:
  // Adds a loaded module; loaded modules it overlaps are retired (the address range was reused
  // without us seeing an unload).
  void load(const ModuleSpan& span);
  // Retires the loaded module starting at `start` with `bias`; false if there is none.
  bool unload(uint64_t start, uint64_t bias);
  // The loaded module containing `pc`, else the most recently unloaded one; nullptr if none.
  const ModuleSpan* find(uint64_t pc) const;
  // The loaded module with exactly this range and bias (a repeated announcement), or nullptr.
  const ModuleSpan* findExact(uint64_t start, uint64_t end, uint64_t bias) const;

 private:
  std::vector<ModuleSpan> loaded_;    // sorted by start, non-overlapping
  std::vector<ModuleSpan> unloaded_;  // in unload order, most recent last
};

}  // namespace pprof::collector

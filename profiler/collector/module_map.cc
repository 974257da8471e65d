#include "collector/module_map.h"

#include <algorithm>

namespace pprof::collector {

void ModuleMap::load(const ModuleSpan& span) {
  auto overlaps = [&](const ModuleSpan& m) { return m.start < span.end && span.start < m.end; };
  for (const ModuleSpan& m : loaded_) {
    if (overlaps(m)) unloaded_.push_back(m);
  }
  std::erase_if(loaded_, overlaps);
  auto pos = std::upper_bound(loaded_.begin(), loaded_.end(), span.start,
                              [](uint64_t start, const ModuleSpan& m) { return start < m.start; });
  loaded_.insert(pos, span);
}

bool ModuleMap::unload(uint64_t start, uint64_t bias) {
  auto it = std::find_if(loaded_.begin(), loaded_.end(),
                         [&](const ModuleSpan& m) { return m.start == start && m.bias == bias; });
  if (it == loaded_.end()) return false;
  unloaded_.push_back(*it);
  loaded_.erase(it);
  return true;
}

const ModuleSpan* ModuleMap::find(uint64_t pc) const {
  auto it = std::upper_bound(loaded_.begin(), loaded_.end(), pc,
                             [](uint64_t value, const ModuleSpan& m) { return value < m.start; });
  if (it != loaded_.begin() && pc < std::prev(it)->end) return &*std::prev(it);
  for (auto r = unloaded_.rbegin(); r != unloaded_.rend(); ++r) {
    if (r->start <= pc && pc < r->end) return &*r;
  }
  return nullptr;
}

const ModuleSpan* ModuleMap::findExact(uint64_t start, uint64_t end, uint64_t bias) const {
  for (const ModuleSpan& m : loaded_) {
    if (m.start == start && m.end == end && m.bias == bias) return &m;
  }
  return nullptr;
}

}  // namespace pprof::collector

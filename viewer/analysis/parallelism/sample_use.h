// What the advisor sums its samples by, and the call paths it reads from their stacks.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "analysis/frame_index.h"
#include "analysis/parallelism/context_tree.h"
#include "format/profile.h"

namespace pprof::analysis::parallel {

// One distinct use of a stack: by which thread, on whose behalf (the stack of the thread that
// waited for it, handoff.h; kNone when none), and how (off CPU, holding the GIL, from a thread
// with a Python thread state).
struct UseKey {
  uint32_t stack = 0;
  uint32_t waiter_stack = kNone;
  uint32_t thread = 0;
  bool waiting = false, gil = false, python = false;

  bool operator==(const UseKey&) const = default;
};

struct UseKeyHash {
  size_t operator()(const UseKey& k) const {
    const uint64_t a = (uint64_t{k.stack} << 32) | k.waiter_stack;
    const uint64_t b = (uint64_t{k.thread} << 3) | (k.waiting ? 4u : 0u) | (k.gil ? 2u : 0u) | (k.python ? 1u : 0u);
    return std::hash<uint64_t>{}(a * 0x9e3779b97f4a7c15ull ^ b);
  }
};

// A use, its time, and the context-tree node its path ends at.
struct KeyedUse {
  UseKey key;
  ContextUsage usage;
  uint32_t leaf_node = 0;
};

// One frame of a call path: which function, at which line, and whether the compiler inlined it
// into the frame above.
struct PathFrame {
  uint32_t frame = 0;
  uint32_t line = 0;
  bool inlined = false;
};

// The stack's frames, outermost first, inline levels expanded (a location's real function
// first, then what was inlined into it).
inline void expandRootFirst(const Profile& profile, const FrameIndex& index, uint32_t stack,
                            std::vector<PathFrame>& out) {
  out.clear();
  if (stack >= profile.stacks.size()) return;
  const std::vector<uint32_t>& locations = profile.stacks[stack].locations;
  for (size_t i = locations.size(); i-- > 0;) {
    const auto frames = index.locationFrames(locations[i]);  // innermost first
    for (size_t j = frames.size(); j-- > 0;) out.push_back({frames[j].frame, frames[j].line, j + 1 != frames.size()});
  }
}

}  // namespace pprof::analysis::parallel

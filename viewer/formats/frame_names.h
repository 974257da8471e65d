// Stacks as the flat, root-first frame lists that text formats (collapsed, speedscope) want:
// inline chains expanded (the real function before its inlined callees), and a stable name for
// frames without symbols ("libc.so.6+0x9c847", or "0x401000" outside every module).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "format/profile.h"

namespace pprof::formats {

struct FrameRef {
  uint32_t function = kNone;  // kNone for an unsymbolized location
  uint32_t location = kNone;
  uint32_t line = 0;
};

// Replaces `out` with the frames of `stack`, root first, inline callees after their caller.
void framesRootFirst(const Profile& profile, const Stack& stack, std::vector<FrameRef>& out);

// The function's name, or the unsymbolized name of the location.
std::string frameName(const Profile& profile, const FrameRef& frame);

// "libc.so.6+0x9c847" for a location in a module, "0x401000" otherwise.
std::string unsymbolizedName(const Profile& profile, const Location& location);

}  // namespace pprof::formats

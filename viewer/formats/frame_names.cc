#include "formats/frame_names.h"

#include <cinttypes>
#include <cstdio>

namespace pprof::formats {

void framesRootFirst(const Profile& profile, const Stack& stack, std::vector<FrameRef>& out) {
  out.clear();
  for (size_t i = stack.locations.size(); i-- > 0;) {
    uint32_t id = stack.locations[i];
    const Location& location = profile.locations[id];
    if (location.lines.empty()) {
      out.push_back({kNone, id, 0});
      continue;
    }
    // lines[] is innermost first, so the real (outer) function comes last.
    for (size_t j = location.lines.size(); j-- > 0;)
      out.push_back({location.lines[j].function, id, location.lines[j].line});
  }
}

std::string unsymbolizedName(const Profile& profile, const Location& location) {
  char address[24];
  std::snprintf(address, sizeof address, "0x%" PRIx64, location.address);
  if (location.module == kNone || location.module >= profile.modules.size()) return address;
  const std::string& path = profile.modules[location.module].path;
  size_t slash = path.rfind('/');
  return (slash == std::string::npos ? path : path.substr(slash + 1)) + "+" + address;
}

std::string frameName(const Profile& profile, const FrameRef& frame) {
  if (frame.function != kNone) return profile.functions[frame.function].name;
  return unsymbolizedName(profile, profile.locations[frame.location]);
}

}  // namespace pprof::formats

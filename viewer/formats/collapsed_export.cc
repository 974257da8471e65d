#include <algorithm>
#include <map>

#include "formats/collapsed.h"
#include "formats/frame_names.h"

namespace pprof::formats {
namespace {

void appendFrame(std::string& line, std::string_view name) {
  if (!line.empty()) line += ';';
  for (char c : name) {
    if (c == ';') c = ':';
    else if (c == '\n' || c == '\r') c = ' ';
    line += c;
  }
}

// The count is the last space-separated token, so a name may hold spaces but must not be empty
// or end the line in a way that hides the count.
std::string frameText(const Profile& p, const FrameRef& frame) {
  std::string name = frameName(p, frame);
  return name.empty() ? "[unknown]" : name;
}

}  // namespace

std::string encodeCollapsed(const Profile& p, const CollapsedExportOptions& options) {
  // Stack text per (stack, thread) pair is built once, then weights are summed per text.
  std::map<uint64_t, uint64_t> weights;  // (stack << 32 | thread-or-0) -> weight
  for (const Sample& s : p.samples)
    weights[(uint64_t{s.stack} << 32) | (options.thread_roots ? s.thread : 0)] += s.weight;
  std::map<std::string, uint64_t> lines;
  std::vector<FrameRef> frames;
  for (const auto& [key, weight] : weights) {
    std::string line;
    if (options.thread_roots) {
      const Thread& t = p.threads[key & 0xffffffff];
      appendFrame(line, (t.name.empty() ? "thread" : t.name) + " (tid " + std::to_string(t.tid) + ")");
    }
    framesRootFirst(p, p.stacks[key >> 32], frames);
    for (const FrameRef& frame : frames) appendFrame(line, frameText(p, frame));
    lines[line] += weight;
  }
  std::string out;
  for (const auto& [line, weight] : lines) out += line + " " + std::to_string(weight) + "\n";
  return out;
}

}  // namespace pprof::formats

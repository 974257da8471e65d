// Frame identity for analysis: maps every Location of a Profile to its expanded frames (the
// inline chain, innermost callee first) and gives each distinct function a dense frame id.
//
// Identity is by content, not by Function index: a function is (name, file, start_line, module
// path), so the same code seen in a forked child or under several Function records is one row,
// as pstats keys functions by (file, line, name). An unsymbolized location becomes one synthetic
// frame named "module_basename+0xADDR" ("0xADDR" outside every module), keyed by (module path,
// address), so no sample is ever dropped for lack of symbols. A Python function (no module) is
// keyed by its language too, so it never merges with a native function of the same name.
//
// Built once per profile in O(locations + functions); afterwards a stack expands by copying
// precomputed spans, which keeps per-stack walks cheap. Tolerates dangling ids (treated as
// unsymbolized / unknown module) so a damaged profile cannot crash the analysis.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "format/profile.h"

namespace pprof::analysis {

enum class FrameKind : uint8_t {
  kFunction,  // a symbolized function
  kAddress,   // synthetic: an unsymbolized location
};

struct Frame {
  FrameKind kind = FrameKind::kFunction;
  std::string name;
  std::string file;         // empty if unknown
  uint32_t line = 0;        // the function's start line; 0 if unknown
  std::string module_path;  // empty if unknown
  uint64_t address = 0;     // kAddress only: ELF address inside the module
  Language language = Language::kNative;  // a Python function (Function::language)
};

// One frame of an expanded stack: which function, at which source line inside it.
struct FrameRef {
  uint32_t frame = 0;  // index into FrameIndex::frames()
  uint32_t line = 0;   // line inside that function (Line::line); 0 if unknown
};

class FrameInterner;

class FrameIndex {
 public:
  static FrameIndex build(const Profile& profile);
  // Two profiles' indexes over one frame table, for comparing them (pprof-view --diff): the
  // first's frames keep the ids build() gives them, the second's frames not in the first come
  // after, and both indexes' frames() are that whole table. A function of the second found in
  // the first only at another start line (same name, file, module; one such) takes its id.
  static std::pair<FrameIndex, FrameIndex> buildPair(const Profile& first, const Profile& second);

  const std::vector<Frame>& frames() const { return frames_; }
  const Frame& frame(uint32_t id) const { return frames_[id]; }

  // Frames of one location, innermost first; never empty for a valid location id.
  std::span<const FrameRef> locationFrames(uint32_t location) const;

  // The frame of Function `function` as seen outside any location (a function without a module
  // gets an empty module path); kNone when out of range. Call statistics are keyed this way.
  uint32_t functionFrame(uint32_t function) const {
    return function < function_frames_.size() ? function_frames_[function] : kNone;
  }

  // Appends the stack's frames to `out`, leaf first, inline frames expanded innermost first.
  void expandStack(const Profile& profile, uint32_t stack, std::vector<FrameRef>& out) const;

 private:
  static void indexProfile(const Profile& profile, FrameInterner& interner, FrameIndex& index);

  std::vector<Frame> frames_;
  std::vector<FrameRef> location_frames_;  // all locations' frames, concatenated
  std::vector<uint32_t> location_begin_;   // locations + 1 offsets into location_frames_
  std::vector<uint32_t> function_frames_;  // per Function, module from the function alone
};

// "libfoo.so+0x1a2b", or "0x1a2b" without a module: the synthetic name of an unsymbolized frame.
std::string syntheticFrameName(const std::string& module_path, uint64_t address);

// "/usr/lib/libc.so.6" -> "libc.so.6".
std::string pathBasename(const std::string& path);

}  // namespace pprof::analysis

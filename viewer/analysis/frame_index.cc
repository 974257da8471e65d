#include "analysis/frame_index.h"

#include <cstdio>
#include <unordered_map>

namespace pprof::analysis {
namespace {

const std::string& modulePath(const Profile& profile, uint32_t module) {
  static const std::string kUnknown;
  return module < profile.modules.size() ? profile.modules[module].path : kUnknown;
}

}  // namespace

// Interns frames by their identity so equal functions share one id. For a second profile
// compared with a first (FrameIndex::buildPair) a function missing under its exact identity
// falls back to the first's function of the same name, file and module at another start line,
// when there is exactly one: an edit above a function moves it, and the comparison
// (compare/function_diff.h) matches it the same way.
class FrameInterner {
 public:
  explicit FrameInterner(std::vector<Frame>& frames) : frames_(frames) {}

  uint32_t intern(Frame frame) {
    std::string key = keyOf(frame);
    if (auto it = ids_.find(key); it != ids_.end()) return it->second;
    if (frame.kind == FrameKind::kFunction && !moved_.empty()) {
      auto it = moved_.find(keyOf(frame, false));
      if (it != moved_.end() && it->second != kNone) return ids_.emplace(std::move(key), it->second).first->second;
    }
    const auto id = static_cast<uint32_t>(frames_.size());
    ids_.emplace(std::move(key), id);
    frames_.push_back(std::move(frame));
    return id;
  }

  // From now on, frames of the second profile are interned: remember the first's by line-less
  // identity, kNone where two of the first share one or where the second has several such
  // functions (`second_keys`: its line-less keys, once per function), so the fallback is never
  // a guess and stays one to one, as compare/function_diff.cc matches.
  void startSecondProfile(const std::vector<std::string>& second_keys) {
    for (uint32_t id = 0; id < frames_.size(); ++id) {
      if (frames_[id].kind != FrameKind::kFunction) continue;
      auto [it, inserted] = moved_.try_emplace(keyOf(frames_[id], false), id);
      if (!inserted) it->second = kNone;
    }
    std::unordered_map<std::string, int> count;
    for (const std::string& key : second_keys) ++count[key];
    for (auto& [key, id] : moved_) {
      if (auto c = count.find(key); c != count.end() && c->second > 1) id = kNone;
    }
  }

  static std::string linelessKey(const Frame& f) { return keyOf(f, false); }

 private:
  static std::string keyOf(const Frame& f, bool with_line = true) {
    std::string key;
    key.reserve(f.name.size() + f.file.size() + f.module_path.size() + 24);
    key += f.kind == FrameKind::kAddress ? 'A' : f.language == Language::kPython ? 'P' : 'F';
    key += f.name;
    key += '\0';
    key += f.file;
    key += '\0';
    key += f.module_path;
    key += '\0';
    if (with_line) key += std::to_string(f.kind == FrameKind::kFunction ? f.line : f.address);
    return key;
  }

  std::vector<Frame>& frames_;
  std::unordered_map<std::string, uint32_t> ids_;
  std::unordered_map<std::string, uint32_t> moved_;
};

std::string pathBasename(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string syntheticFrameName(const std::string& module_path, uint64_t address) {
  char hex[24];
  std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(address));
  return module_path.empty() ? std::string(hex) : pathBasename(module_path) + "+" + hex;
}

void FrameIndex::indexProfile(const Profile& profile, FrameInterner& interner, FrameIndex& index) {
  // Function index -> frame id, for functions whose module is known (the common case); a
  // function without one borrows its location's module, so it cannot be cached alone.
  std::vector<uint32_t> function_frame(profile.functions.size(), kNone);

  auto functionFrame = [&](uint32_t function, uint32_t location_module) -> uint32_t {
    const Function& fn = profile.functions[function];
    bool cacheable = fn.module != kNone;
    if (cacheable && function_frame[function] != kNone) return function_frame[function];
    Frame frame{FrameKind::kFunction, fn.name, fn.file, fn.start_line,
                modulePath(profile, cacheable ? fn.module : location_module), 0, fn.language};
    uint32_t id = interner.intern(std::move(frame));
    if (cacheable) function_frame[function] = id;
    return id;
  };

  index.location_begin_.reserve(profile.locations.size() + 1);
  for (const Location& loc : profile.locations) {
    index.location_begin_.push_back(static_cast<uint32_t>(index.location_frames_.size()));
    for (const Line& line : loc.lines) {
      if (line.function >= profile.functions.size()) continue;  // dangling: skip this level
      index.location_frames_.push_back({functionFrame(line.function, loc.module), line.line});
    }
    if (index.location_frames_.size() == index.location_begin_.back()) {
      const std::string& path = modulePath(profile, loc.module);
      Frame frame{FrameKind::kAddress, syntheticFrameName(path, loc.address), "", 0, path,
                  loc.address};
      index.location_frames_.push_back({interner.intern(std::move(frame)), 0});
    }
  }
  index.location_begin_.push_back(static_cast<uint32_t>(index.location_frames_.size()));
  index.function_frames_.reserve(profile.functions.size());
  for (uint32_t f = 0; f < profile.functions.size(); ++f) {
    index.function_frames_.push_back(functionFrame(f, profile.functions[f].module));
  }
}

FrameIndex FrameIndex::build(const Profile& profile) {
  FrameIndex index;
  FrameInterner interner(index.frames_);
  indexProfile(profile, interner, index);
  return index;
}

std::pair<FrameIndex, FrameIndex> FrameIndex::buildPair(const Profile& first, const Profile& second) {
  std::pair<FrameIndex, FrameIndex> both;
  FrameInterner interner(both.first.frames_);
  indexProfile(first, interner, both.first);
  std::vector<std::string> second_keys;  // distinct functions of the second, without their lines
  {
    std::unordered_map<std::string, bool> seen;
    for (const Function& fn : second.functions) {
      const Frame frame{FrameKind::kFunction, fn.name, fn.file, fn.start_line, modulePath(second, fn.module), 0,
                        fn.language};
      if (seen.emplace(FrameInterner::linelessKey(frame) + std::to_string(fn.start_line), true).second) {
        second_keys.push_back(FrameInterner::linelessKey(frame));
      }
    }
  }
  interner.startSecondProfile(second_keys);
  indexProfile(second, interner, both.second);
  both.second.frames_ = both.first.frames_;
  return both;
}

std::span<const FrameRef> FrameIndex::locationFrames(uint32_t location) const {
  if (location_begin_.empty() || location >= location_begin_.size() - 1) return {};
  return std::span<const FrameRef>(location_frames_.data() + location_begin_[location],
                                   location_begin_[location + 1] - location_begin_[location]);
}

void FrameIndex::expandStack(const Profile& profile, uint32_t stack,
                             std::vector<FrameRef>& out) const {
  if (stack >= profile.stacks.size()) return;
  for (uint32_t location : profile.stacks[stack].locations) {
    std::span<const FrameRef> frames = locationFrames(location);
    out.insert(out.end(), frames.begin(), frames.end());
  }
}

}  // namespace pprof::analysis

#include "python/frame_views.h"

#include <cstddef>
#include <unordered_map>

#include "python/interpreter_glue.h"
#include "wire/wire.h"

namespace pprof::python {
namespace {

constexpr std::string_view kEvalFrame = "_PyEval_EvalFrameDefault";

// The real (outermost) function of a native location, or nullptr when unsymbolized.
const Function* outermostFunction(const Profile& profile, uint32_t location) {
  if (location >= profile.locations.size()) return nullptr;
  const Location& loc = profile.locations[location];
  if (loc.lines.empty() || loc.lines.back().function >= profile.functions.size()) return nullptr;
  return &profile.functions[loc.lines.back().function];
}

bool isEvalLocation(const Profile& profile, uint32_t location) {
  const Function* fn = outermostFunction(profile, location);
  return fn && isEvalFrameName(fn->name);
}

// Every inline level of the location is call machinery (an inlined real callee keeps it).
bool isGlueLocation(const Profile& profile, uint32_t location) {
  const Location& loc = profile.locations[location];
  if (loc.lines.empty()) return false;
  for (const Line& line : loc.lines) {
    if (line.function >= profile.functions.size() || !isInterpreterGlue(profile.functions[line.function].name))
      return false;
  }
  return true;
}

bool isGlueLine(const Profile& profile, const Line& line) {
  return line.function < profile.functions.size() && isInterpreterGlue(profile.functions[line.function].name);
}

bool isEntry(const Profile& profile, uint32_t location) {
  return location < profile.locations.size() && (profile.locations[location].flags & kLocationPythonEntry) != 0;
}

struct Split {
  std::vector<uint32_t> native, python;  // both leaf first
};

Split splitRecorded(const Profile& profile, const std::vector<uint32_t>& recorded) {
  Split split;
  for (uint32_t location : recorded) {
    (isPythonLocation(profile, location) ? split.python : split.native).push_back(location);
  }
  return split;
}

// Python groups leaf first: [begin, end) ranges of `python`.
std::vector<std::pair<size_t, size_t>> pythonGroups(const Profile& profile, const std::vector<uint32_t>& python) {
  std::vector<std::pair<size_t, size_t>> groups;
  size_t begin = 0;
  for (size_t i = 0; i < python.size(); ++i) {
    if (isEntry(profile, python[i]) || i + 1 == python.size()) {
      groups.emplace_back(begin, i + 1);
      begin = i + 1;
    }
  }
  return groups;
}

std::vector<uint32_t> mergeFailure(const Split& split, const std::vector<size_t>& evals) {
  std::vector<uint32_t> out;
  out.reserve(split.native.size() + split.python.size());
  const size_t at = evals.empty() ? split.native.size() : evals.front();
  out.insert(out.end(), split.native.begin(), split.native.begin() + static_cast<std::ptrdiff_t>(at));
  out.insert(out.end(), split.python.begin(), split.python.end());
  out.insert(out.end(), split.native.begin() + static_cast<std::ptrdiff_t>(at), split.native.end());
  return out;
}

std::vector<uint32_t> mixedStack(const Profile& profile, const Split& split, bool cut_at_root, bool* failed) {
  std::vector<size_t> evals;  // indexes into split.native, leaf first
  for (size_t i = 0; i < split.native.size(); ++i) {
    if (isEvalLocation(profile, split.native[i])) evals.push_back(i);
  }
  const auto groups = pythonGroups(profile, split.python);
  const size_t E = evals.size(), G = groups.size();

  // group_of[e] = the group eval frame e is replaced by (kNone: it disappears).
  std::vector<uint32_t> group_of(E, kNone);
  size_t outer_groups_from = G;  // groups [outer_groups_from, G) go rootward of the native frames
  if (E == G) {
    for (size_t e = 0; e < E; ++e) group_of[e] = static_cast<uint32_t>(e);
  } else if (E == G + 1) {
    for (size_t e = 1; e < E; ++e) group_of[e] = static_cast<uint32_t>(e - 1);
  } else if (cut_at_root && E < G) {
    for (size_t e = 0; e < E; ++e) group_of[e] = static_cast<uint32_t>(e);
    outer_groups_from = E;
  } else {
    if (failed) *failed = true;
    return mergeFailure(split, evals);
  }

  std::vector<uint32_t> eval_modules;
  for (size_t e : evals) eval_modules.push_back(profile.locations[split.native[e]].module);
  auto inInterpreter = [&](uint32_t module) {
    for (uint32_t m : eval_modules) {
      if (m == module) return true;
    }
    return false;
  };

  std::vector<uint32_t> out;
  out.reserve(split.native.size() + split.python.size());
  auto appendGroup = [&](size_t g) {
    out.insert(out.end(), split.python.begin() + static_cast<std::ptrdiff_t>(groups[g].first),
               split.python.begin() + static_cast<std::ptrdiff_t>(groups[g].second));
  };
  size_t next_eval = 0;
  for (size_t i = 0; i < split.native.size(); ++i) {
    const uint32_t location = split.native[i];
    if (next_eval < E && evals[next_eval] == i) {
      if (group_of[next_eval] != kNone) appendGroup(group_of[next_eval]);
      ++next_eval;
      continue;
    }
    if (E != 0 && inInterpreter(profile.locations[location].module) && isGlueLocation(profile, location)) continue;
    out.push_back(location);
  }
  for (size_t g = outer_groups_from; g < G; ++g) appendGroup(g);
  return out;
}

struct VectorHash {
  size_t operator()(const std::vector<uint32_t>& v) const noexcept {
    uint64_t h = 1469598103934665603ull;
    for (uint32_t x : v) h = (h ^ x) * 1099511628211ull;
    return static_cast<size_t>(h);
  }
};

}  // namespace

const char* frameViewName(FrameView view) {
  switch (view) {
    case FrameView::kMixed: return "mixed";
    case FrameView::kPython: return "python";
    case FrameView::kNative: return "native";
  }
  return "mixed";
}

Result<FrameView> parseFrameView(const std::string& text) {
  for (FrameView view : {FrameView::kMixed, FrameView::kPython, FrameView::kNative}) {
    if (text == frameViewName(view)) return view;
  }
  return Status::error("expected mixed, python or native, got '" + text.substr(0, 40) + "'");
}

bool isEvalFrameName(std::string_view name) {
  if (name.substr(0, kEvalFrame.size()) != kEvalFrame) return false;
  return name.size() == kEvalFrame.size() || name[kEvalFrame.size()] == '.';
}

bool isPythonLocation(const Profile& profile, uint32_t location) {
  if (location >= profile.locations.size()) return false;
  const Location& loc = profile.locations[location];
  if (loc.flags & kLocationPython) return true;
  return loc.lines.size() == 1 && loc.lines[0].function < profile.functions.size() &&
         profile.functions[loc.lines[0].function].language == Language::kPython;
}

std::vector<uint32_t> viewStack(const Profile& profile, const std::vector<uint32_t>& recorded, FrameView view,
                                bool cut_at_root, bool* merge_failed) {
  if (merge_failed) *merge_failed = false;
  Split split = splitRecorded(profile, recorded);
  if (split.python.empty()) return recorded;  // not a Python stack: the same in every view
  switch (view) {
    case FrameView::kNative: return std::move(split.native);
    case FrameView::kPython: return std::move(split.python);
    case FrameView::kMixed: return mixedStack(profile, split, cut_at_root, merge_failed);
  }
  return recorded;
}

bool hasPythonFrames(const Profile& profile) {
  for (const CallStats& stats : profile.call_stats) {  // cProfile data: Python functions, no stacks
    if (stats.function < profile.functions.size() && profile.functions[stats.function].language == Language::kPython)
      return true;
  }
  std::vector<bool> used(profile.stacks.size(), false);
  for (const Sample& sample : profile.samples) {
    if (sample.stack < used.size()) used[sample.stack] = true;
  }
  for (size_t s = 0; s < profile.stacks.size(); ++s) {
    if (!used[s]) continue;
    for (uint32_t location : profile.stacks[s].locations) {
      if (isPythonLocation(profile, location)) return true;
    }
  }
  return false;
}

Profile applyFrameView(const Profile& profile, FrameView view, FrameViewStats* stats) {
  Profile out;
  out.meta = profile.meta;
  out.processes = profile.processes;
  out.threads = profile.threads;
  out.modules = profile.modules;
  out.functions = profile.functions;
  out.locations = profile.locations;
  for (Location& location : out.locations) location.flags &= ~(kLocationPython | kLocationPythonEntry);
  out.regions = profile.regions;
  out.call_stats = profile.call_stats;

  // Per recorded stack: whether it has Python frames, and its view stack id for each value of
  // cut_at_root (kNone until computed).
  struct Cached {
    uint32_t id[2] = {kNone, kNone};
    bool failed[2] = {false, false};
    bool python = false;
  };
  std::vector<Cached> cache(profile.stacks.size());
  for (size_t s = 0; s < profile.stacks.size(); ++s) {
    for (uint32_t location : profile.stacks[s].locations) {
      if (isPythonLocation(profile, location)) {
        cache[s].python = true;
        break;
      }
    }
  }
  std::unordered_map<std::vector<uint32_t>, uint32_t, VectorHash> ids;
  auto intern = [&](std::vector<uint32_t> locations) {
    auto [it, added] = ids.try_emplace(std::move(locations), static_cast<uint32_t>(out.stacks.size()));
    if (added) out.stacks.push_back({it->first});
    return it->second;
  };

  // Wall mode: a thread blocked in take_gil (kSampleGilWait) gets a leaf frame saying so in the
  // views that show Python, so the wait reads as what it is rather than as its last line.
  uint32_t gil_wait_location = kNone;
  std::unordered_map<uint32_t, uint32_t> with_gil_wait;  // view stack -> the same + the leaf
  auto gilWaitStack = [&](uint32_t stack) {
    if (gil_wait_location == kNone) {
      Function f;
      f.name = f.system_name = std::string(kGilWaitFrame);
      out.functions.push_back(f);
      gil_wait_location = static_cast<uint32_t>(out.locations.size());
      out.locations.push_back(Location{kNone, 0, {Line{static_cast<uint32_t>(out.functions.size() - 1), 0}}, 0});
    }
    auto [it, added] = with_gil_wait.try_emplace(stack, kNone);
    if (added) {
      std::vector<uint32_t> locations{gil_wait_location};
      const std::vector<uint32_t>& base = out.stacks[stack].locations;
      locations.insert(locations.end(), base.begin(), base.end());
      it->second = intern(std::move(locations));
    }
    return it->second;
  };

  // Call machinery the compiler inlined into a real function of the interpreter (Debian's
  // python3.11 inlines PyObject_Vectorcall into builtin_sorted): in mixed stacks such a location
  // is replaced by a copy without the machinery's inline levels. Only in modules that hold eval
  // frames, like the hiding of whole glue locations.
  std::vector<uint32_t> without_glue(profile.locations.size(), kNone);
  if (view == FrameView::kMixed) {
    std::vector<bool> interpreter(profile.modules.size(), false);
    for (uint32_t l = 0; l < profile.locations.size(); ++l) {
      const uint32_t m = profile.locations[l].module;
      if (m < interpreter.size() && isEvalLocation(profile, l)) interpreter[m] = true;
    }
    for (uint32_t l = 0; l < profile.locations.size(); ++l) {
      const Location& loc = profile.locations[l];
      if (loc.module >= interpreter.size() || !interpreter[loc.module] || loc.lines.size() < 2) continue;
      Location kept = loc;
      kept.flags = 0;
      kept.lines.clear();
      for (const Line& line : loc.lines) {
        if (!isGlueLine(profile, line)) kept.lines.push_back(line);
      }
      if (kept.lines.empty() || kept.lines.size() == loc.lines.size()) continue;
      without_glue[l] = static_cast<uint32_t>(out.locations.size());
      out.locations.push_back(std::move(kept));
    }
  }
  auto dropInlinedGlue = [&](std::vector<uint32_t> stack) {
    for (uint32_t& l : stack) {
      if (l < without_glue.size() && without_glue[l] != kNone) l = without_glue[l];
    }
    return stack;
  };

  FrameViewStats counted;
  out.samples.reserve(profile.samples.size());
  for (Sample sample : profile.samples) {
    if (sample.stack < profile.stacks.size()) {
      Cached& c = cache[sample.stack];
      const int cut = (sample.flags & (wire::kSampleTruncated | wire::kSampleUnwindFailed)) != 0 ? 1 : 0;
      if (c.id[cut] == kNone) {
        bool failed = false;
        std::vector<uint32_t> stack = viewStack(profile, profile.stacks[sample.stack].locations, view, cut != 0, &failed);
        if (c.python) stack = dropInlinedGlue(std::move(stack));
        c.id[cut] = intern(std::move(stack));
        c.failed[cut] = failed;
      }
      counted.python_samples += c.python;
      counted.merge_failures += c.failed[cut];
      sample.stack = c.id[cut];
      if (view != FrameView::kNative && c.python && (sample.flags & wire::kSampleGilWait) != 0)
        sample.stack = gilWaitStack(sample.stack);
    } else {
      sample.stack = kNone;  // a damaged input: stays out of range
    }
    out.samples.push_back(sample);
  }
  if (stats) *stats = counted;
  return out;
}

}  // namespace pprof::python

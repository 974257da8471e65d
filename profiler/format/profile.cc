// checkValid: the profile model's invariants (every id in range, stacks non-empty). Readers
// and analyses rely on them instead of re-checking each reference.
#include "format/profile.h"

#include <string>

namespace pprof {
namespace {

// Returns "" when `id` indexes `count` items, else "<what> ID out of range (COUNT <plural>)".
std::string rangeError(const char* what, const char* plural, uint32_t id, size_t count) {
  if (id < count) return {};
  return std::string(what) + " " + std::to_string(id) + " out of range (" + std::to_string(count) + " " +
         plural + ")";
}
std::string optionalRangeError(const char* what, const char* plural, uint32_t id, size_t count) {
  return id == kNone ? std::string() : rangeError(what, plural, id, count);
}

Status fail(const char* kind, size_t index, const std::string& problem) {
  return Status::error(std::string(kind) + " " + std::to_string(index) + ": " + problem);
}

}  // namespace

Status checkValid(const Profile& p) {
  const size_t processes = p.processes.size(), modules = p.modules.size(), functions = p.functions.size();
  for (size_t i = 0; i < p.processes.size(); ++i) {
    uint32_t parent = p.processes[i].parent;
    std::string e = optionalRangeError("parent", "processes", parent, processes);
    if (!e.empty()) return fail("process", i, e);
    // Parents exist before their children; the order also guarantees parent chains end.
    if (parent != kNone && parent >= i)
      return fail("process", i, "parent " + std::to_string(parent) + " is not an earlier process");
  }
  for (size_t i = 0; i < p.threads.size(); ++i) {
    std::string e = rangeError("process", "processes", p.threads[i].process, processes);
    if (!e.empty()) return fail("thread", i, e);
  }
  for (size_t i = 0; i < p.modules.size(); ++i) {
    std::string e = rangeError("process", "processes", p.modules[i].process, processes);
    if (!e.empty()) return fail("module", i, e);
  }
  for (size_t i = 0; i < p.functions.size(); ++i) {
    std::string e = optionalRangeError("module", "modules", p.functions[i].module, modules);
    if (!e.empty()) return fail("function", i, e);
  }
  for (size_t i = 0; i < p.locations.size(); ++i) {
    const Location& location = p.locations[i];
    std::string e = optionalRangeError("module", "modules", location.module, modules);
    for (size_t j = 0; e.empty() && j < location.lines.size(); ++j) {
      e = rangeError("function", "functions", location.lines[j].function, functions);
      if (!e.empty()) e = "line " + std::to_string(j) + ": " + e;
    }
    if (e.empty() && (location.flags & kLocationPython) != 0 && !location.lines.empty() &&
        (location.lines.size() != 1 || p.functions[location.lines[0].function].language != Language::kPython))
      e = "a Python location has one line, of a Python function";
    if (!e.empty()) return fail("location", i, e);
  }
  for (size_t i = 0; i < p.stacks.size(); ++i) {
    const std::vector<uint32_t>& locations = p.stacks[i].locations;
    if (locations.empty()) return fail("stack", i, "no locations");
    bool in_python = false;
    for (uint32_t location : locations) {
      std::string e = rangeError("location", "locations", location, p.locations.size());
      if (!e.empty()) return fail("stack", i, e);
      const bool python = (p.locations[location].flags & kLocationPython) != 0;
      if (in_python && !python) return fail("stack", i, "a native location after a Python one");
      in_python = in_python || python;
    }
  }
  for (size_t i = 0; i < p.samples.size(); ++i) {
    std::string e = rangeError("stack", "stacks", p.samples[i].stack, p.stacks.size());
    if (e.empty()) e = rangeError("thread", "threads", p.samples[i].thread, p.threads.size());
    if (!e.empty()) return fail("sample", i, e);
  }
  for (size_t i = 0; i < p.regions.size(); ++i) {
    std::string e = rangeError("thread", "threads", p.regions[i].thread, p.threads.size());
    if (e.empty() && p.regions[i].end_ns < p.regions[i].start_ns) e = "ends before it starts";
    if (!e.empty()) return fail("region", i, e);
  }
  return Status::ok();
}

}  // namespace pprof

// Interning helper for importers that discover a profile sample by sample (collapsed stacks,
// perf script, pprof labels): each add* returns the id of an existing equal record or appends
// a new one, so the built Profile has no duplicates and always passes checkValid.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "format/profile.h"

namespace pprof::formats {

class ProfileBuilder {
 public:
  explicit ProfileBuilder(Profile& profile) : profile_(profile) {}

  // Processes by pid; `executable` is kept from the first call.
  uint32_t process(int32_t pid, std::string_view executable = {});
  // Threads by (process, tid, name): a thread renamed by exec shows as a second entry.
  uint32_t thread(uint32_t process, int32_t tid, std::string_view name = {});
  // Modules by (process, path), address range unknown (0..0).
  uint32_t module(uint32_t process, std::string_view path);
  // Functions by (name, module).
  uint32_t function(std::string_view name, uint32_t module = kNone);
  // Locations by (module, address, function): one frame of one function, no line number.
  uint32_t location(uint32_t module, uint64_t address, uint32_t function);
  // Stacks by content; `leaf_first` must not be empty.
  uint32_t stack(const std::vector<uint32_t>& leaf_first);
  void sample(uint32_t stack, uint32_t thread, uint32_t weight, uint64_t timestamp_ns = 0);

 private:
  Profile& profile_;
  std::unordered_map<int32_t, uint32_t> processes_;
  std::unordered_map<std::string, uint32_t> threads_, modules_, functions_, locations_, stacks_;
};

}  // namespace pprof::formats

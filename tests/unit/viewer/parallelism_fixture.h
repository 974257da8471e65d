// Shared by the advisor's unit tests: hand-built runs sampled once per millisecond, the report
// for them, and its candidates looked up by name.
#pragma once

#include <string>

#include "analysis/parallelism.h"
#include "support/profile_builder.h"

namespace pprof::analysis::advisor_test {

using testing::ProfileBuilder;

constexpr uint64_t kMs = 1000000;

// One sample per millisecond of `thread` on `stack` over [from_ms, to_ms).
inline void run(ProfileBuilder& b, uint32_t stack, uint32_t thread, uint64_t from_ms, uint64_t to_ms,
                uint16_t flags = 0) {
  for (uint64_t ms = from_ms; ms < to_ms; ++ms) b.sample(stack, 1, thread, (ms + 1) * kMs, flags);
}

inline ParallelismReport analyze(ProfileBuilder& b, uint32_t cores = 2, SampleSelection selection = {}) {
  const Profile& p = b.profile();
  ParallelismOptions options;
  options.machine_cores = cores;
  options.selection = std::move(selection);
  return analyzeParallelism(p, FrameIndex::build(p), options);
}

inline std::string nameOf(ProfileBuilder& b, uint32_t frame) { return FrameIndex::build(b.profile()).frame(frame).name; }

inline const ParallelCandidate* find(const std::vector<ParallelCandidate>& rows, ProfileBuilder& b,
                                     const std::string& name, int32_t candidate = -1) {
  for (const ParallelCandidate& c : rows) {
    if (nameOf(b, c.frame) == name && (candidate < 0 || c.candidate == candidate)) return &c;
  }
  return nullptr;
}

inline const ParallelCandidate* find(const ParallelismReport& r, ProfileBuilder& b, const std::string& name) {
  return find(r.candidates, b, name);
}

inline std::string firstName(const ParallelismReport& r, ProfileBuilder& b) {
  return r.candidates.empty() ? "(none)" : nameOf(b, r.candidates[0].frame);
}

// "main > loop": a candidate's context as names.
inline std::string contextOf(const ParallelCandidate& c, ProfileBuilder& b) {
  std::string text;
  for (uint32_t f : c.context) text += (text.empty() ? "" : " > ") + nameOf(b, f);
  return text;
}

}  // namespace pprof::analysis::advisor_test

// Search over a profile's frames for the viewer: which frames' names match a query, and what
// share of the selected weight falls on samples with a matching frame anywhere on the stack
// (each sample counted once however many of its frames match), as speedscope and the Firefox
// Profiler report "matched %".
//
// Regular expressions are POSIX extended (glibc regcomp/regexec): its matcher does not
// recurse per input character the way std::regex does, so a hostile pattern from the network
// cannot blow the stack of a server thread. Queries are bounded by the caller (api_params.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analysis/frame_index.h"
#include "analysis/sample_totals.h"
#include "common/result.h"
#include "format/profile.h"

namespace pprof::server {

class FrameMatcher {
 public:
  // Fails on an invalid expression: "invalid regular expression '(': Unmatched ( or \\(".
  static Result<FrameMatcher> create(const std::string& query, bool regex, bool ignore_case);

  bool matches(const std::string& name) const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> regex_;  // null for a substring query
  std::string needle_;                     // lowercased when ignore_case
  bool ignore_case_ = false;
};

struct SearchResult {
  uint64_t matched_weight = 0;          // selected weight of samples with a matching frame
  uint64_t total_weight = 0;            // all selected weight on known stacks
  std::vector<uint32_t> matched_frames; // FrameIndex ids whose name matches, ascending
};

SearchResult searchFrames(const Profile& profile, const analysis::FrameIndex& frames,
                          const analysis::SampleTotals& totals, const FrameMatcher& matcher);

}  // namespace pprof::server

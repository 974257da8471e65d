// Query parameters of the JSON API, parsed strictly: every value must be a whole, in-range
// number or list, and each parameter may appear once, so a malformed request gets a one-line
// 400 error instead of a guess. Parameters an endpoint does not use are ignored (the token
// travels as one). Pure: takes the decoded query as a multimap (what httplib::Params is).
//
//   threads=0,3,7   thread ids (indexes of /api/threads); empty selects none; max 100000 ids
//   pid=1234        only threads of processes with this pid
//   from=NS to=NS   time range [from, to) in ns since the run's start; from < to
//   cutoff=0.001    tree: drop subtrees below this fraction of the total, in [0, 1]
//   depth=N         tree: deepest depth kept, 1..100000
//   path=12.40.7    tree: only stacks beginning with these frame ids, root first (a zoom)
//   focus=ID        tree: stacks re-rooted at this frame; direction=callees (default) | callers
//   gone=1          tree, with --diff: also the call paths only BASE has
//   bins=N          timeline: number of bins, 1..10000 (default 200)
//   q=TEXT          search: 1..1000 bytes; regex=1 (POSIX extended), icase=1
//   group=function|line|file|module   function table grouping (default function)
//   frames=mixed|python|native       which stacks every aggregating endpoint uses (default mixed;
//                                    python/frame_views.h)
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "analysis/call_tree.h"
#include "analysis/function_table.h"
#include "analysis/sample_filter.h"
#include "common/result.h"
#include "python/frame_views.h"

namespace pprof::server {

using QueryParams = std::multimap<std::string, std::string>;

constexpr uint32_t kDefaultTimelineBins = 200;
constexpr uint32_t kMaxTimelineBins = 10000;
constexpr size_t kMaxSearchLength = 1000;

struct SearchQuery {
  std::string text;
  bool regex = false;
  bool ignore_case = false;
};

Result<analysis::SampleSelection> parseSelection(const QueryParams& params);
Result<analysis::CallTreeOptions> parseTreeOptions(const QueryParams& params);
Result<bool> parseGone(const QueryParams& params);
Result<uint32_t> parseBins(const QueryParams& params);
Result<SearchQuery> parseSearch(const QueryParams& params);
Result<analysis::Grouping> parseGrouping(const QueryParams& params);
Result<python::FrameView> parseFrames(const QueryParams& params);

}  // namespace pprof::server

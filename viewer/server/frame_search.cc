#include "server/frame_search.h"

#include <regex.h>

#include <algorithm>
#include <cctype>

namespace pprof::server {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

struct FrameMatcher::Compiled {
  regex_t regex{};
  ~Compiled() { regfree(&regex); }
};

Result<FrameMatcher> FrameMatcher::create(const std::string& query, bool regex, bool ignore_case) {
  FrameMatcher matcher;
  matcher.ignore_case_ = ignore_case;
  if (!regex) {
    matcher.needle_ = ignore_case ? lowercase(query) : query;
    return matcher;
  }
  if (query.find('\0') != std::string::npos) {
    return Status::error("invalid regular expression: contains a NUL character");
  }
  auto compiled = std::make_shared<Compiled>();
  const int flags = REG_EXTENDED | REG_NOSUB | (ignore_case ? REG_ICASE : 0);
  const int rc = regcomp(&compiled->regex, query.c_str(), flags);
  if (rc != 0) {
    char reason[256];
    regerror(rc, &compiled->regex, reason, sizeof reason);
    compiled->regex = {};  // regcomp failed: nothing to free
    return Status::error("invalid regular expression '" + query + "': " + reason);
  }
  matcher.regex_ = std::move(compiled);
  return matcher;
}

bool FrameMatcher::matches(const std::string& name) const {
  if (regex_) return regexec(&regex_->regex, name.c_str(), 0, nullptr, 0) == 0;
  if (!ignore_case_) return name.find(needle_) != std::string::npos;
  return lowercase(name).find(needle_) != std::string::npos;
}

SearchResult searchFrames(const Profile& profile, const analysis::FrameIndex& frames,
                          const analysis::SampleTotals& totals, const FrameMatcher& matcher) {
  SearchResult result;
  const std::vector<analysis::Frame>& all = frames.frames();
  std::vector<bool> matched(all.size(), false);
  for (uint32_t id = 0; id < all.size(); ++id) {
    if (!matcher.matches(all[id].name)) continue;
    matched[id] = true;
    result.matched_frames.push_back(id);
  }
  std::vector<analysis::FrameRef> expanded;
  const size_t nstacks = std::min(profile.stacks.size(), totals.stack_weight.size());
  for (uint32_t stack = 0; stack < nstacks; ++stack) {
    const uint64_t weight = totals.stack_weight[stack];
    if (weight == 0) continue;
    result.total_weight += weight;
    if (result.matched_frames.empty()) continue;
    expanded.clear();
    frames.expandStack(profile, stack, expanded);
    const bool hit = std::any_of(expanded.begin(), expanded.end(),
                                 [&](const analysis::FrameRef& ref) { return matched[ref.frame]; });
    if (hit) result.matched_weight += weight;
  }
  return result;
}

}  // namespace pprof::server

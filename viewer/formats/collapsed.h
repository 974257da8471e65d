// Collapsed ("folded") stacks, the text format of FlameGraph, speedscope and Pyroscope: one line
// per distinct stack, `root;caller;...;leaf COUNT`, integer counts.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "format/profile.h"

namespace pprof::formats {

struct CollapsedExportOptions {
  // Prefix every stack with a "thread-name (tid N)" frame, as FlameGraph's per-thread views do.
  bool thread_roots = false;
};

// Counts are sample weights; inline frames are expanded (the inlined callee after its caller);
// ';' inside a name becomes ':' and line breaks become spaces so every line stays parseable.
// Lines are sorted, so the output is deterministic.
std::string encodeCollapsed(const Profile& profile, const CollapsedExportOptions& options = {});

// Parses collapsed lines into a profile with one synthetic process and thread. Blank lines,
// lines starting with '#' and trailing whitespace (also "\r") are ignored; a count of 0 adds
// nothing. Errors name the line: "x.txt:12: expected 'stack COUNT'".
Result<Profile> parseCollapsed(std::string_view text, const std::string& name);

// True if the first meaningful line of `head` looks like "frames COUNT".
bool looksLikeCollapsed(std::string_view head);

}  // namespace pprof::formats

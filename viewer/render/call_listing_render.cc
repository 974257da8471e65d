#include "render/call_listing_render.h"

#include "render/text_format.h"

namespace pprof::render {
namespace {

std::string rightAligned(const std::string& text, size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

// One edge as pstats' print_call_line formats it; `first` edges share the function's line.
void appendEdge(std::string& out, const analysis::EdgeRow& edge, bool first, size_t name_width) {
  const analysis::EdgeStats& s = edge.stats;
  std::string count = std::to_string(s.calls);
  if (s.calls != s.primitive_calls) count += "/" + std::to_string(s.primitive_calls);
  if (!first) out += std::string(name_width + 1, ' ');
  out += rightAligned(count, first ? 7 : 9);
  appendf(out, " %8.3f %8.3f  ", s.self_seconds, s.total_seconds);
  out += edge.label + "\n";
}

}  // namespace

std::string renderCallListing(const analysis::CallListing& listing, const std::string& ordered_by) {
  if (listing.entries.empty()) return "";
  std::string out;
  appendOrderNotes(out, ordered_by, listing.notes);
  const size_t width = listing.name_width;
  out += padRight("Function ", width) + (listing.callers ? "was called by..." : "called...") + "\n";
  if (listing.subheader) out += std::string(width, ' ') + "    ncalls  tottime  cumtime\n";
  for (const analysis::CallListingEntry& entry : listing.entries) {
    out += padRight(entry.label, width) + (listing.callers ? "<-" : "->") + " ";
    if (entry.edges.empty()) out += "\n";
    for (size_t i = 0; i < entry.edges.size(); ++i) appendEdge(out, entry.edges[i], i == 0, width);
  }
  out += "\n\n";
  return out;
}

}  // namespace pprof::render

#include "analysis/call_listing.h"

#include <algorithm>
#include <tuple>

#include "analysis/function_label.h"

namespace pprof::analysis {
namespace {

EdgeRow edgeRow(const EdgeStats& edge, const FrameIndex& frames) {
  const Frame& frame = frames.frame(edge.frame);
  return EdgeRow{pstatsLabel(labelWhere(frame.file, frame.module_path), frame.line, frame.name), frame.file,
                 frame.line, frame.name, edge};
}

}  // namespace

CallListing buildCallListing(bool callers, std::vector<FunctionStats> rows, std::vector<std::string> notes,
                             const Restriction& pattern, const CallGraph& graph, const FrameIndex& frames) {
  CallListing listing;
  listing.callers = callers;
  std::string note = pattern.apply(rows);
  if (!note.empty()) notes.push_back(note);
  listing.notes = std::move(notes);
  listing.subheader = !graph.empty();
  for (const FunctionStats& row : rows) {
    listing.name_width = std::max(listing.name_width, displayLength(row.label));
    CallListingEntry entry{row.label, {}};
    const auto& edges = callers ? graph.callersOf(row.frame) : graph.calleesOf(row.frame);
    for (const EdgeStats& edge : edges) {
      if (edge.frame < frames.frames().size()) entry.edges.push_back(edgeRow(edge, frames));
    }
    std::sort(entry.edges.begin(), entry.edges.end(), [](const EdgeRow& a, const EdgeRow& b) {
      return std::tie(a.file, a.line, a.name) < std::tie(b.file, b.line, b.name);
    });
    listing.entries.push_back(std::move(entry));
  }
  listing.name_width += 2;
  return listing;
}

}  // namespace pprof::analysis

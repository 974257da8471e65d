// pstats' print_callers / print_callees listings: for each function of an already sorted and
// restricted table that matches a regular expression, its callers (or callees) with the numbers
// on each edge, sorted as pstats sorts them (by (file, line, name)).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/call_graph.h"
#include "analysis/frame_index.h"
#include "analysis/function_table.h"
#include "analysis/restriction.h"

namespace pprof::analysis {

struct EdgeRow {
  std::string label;  // pstats' label of the other end
  std::string file;
  uint32_t line = 0;
  std::string name;
  EdgeStats stats;
};

struct CallListingEntry {
  std::string label;  // the listed function
  std::vector<EdgeRow> edges;
};

struct CallListing {
  bool callers = true;              // "was called by..." (else "called...")
  std::vector<std::string> notes;   // "List reduced ..." lines, the regex's included
  size_t name_width = 0;            // pstats' width: longest listed label + 2
  bool subheader = false;           // print "ncalls  tottime  cumtime" (any edge exists)
  std::vector<CallListingEntry> entries;
};

// `rows` is the table after sorting and the other restrictions; `notes` their lines so far.
CallListing buildCallListing(bool callers, std::vector<FunctionStats> rows, std::vector<std::string> notes,
                             const Restriction& pattern, const CallGraph& graph, const FrameIndex& frames);

}  // namespace pprof::analysis

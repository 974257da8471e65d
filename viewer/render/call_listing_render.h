// pstats' print_callers / print_callees text for a CallListing:
//   Function                     was called by...
//                                    ncalls  tottime  cumtime
//   file.py:3(f)                 <-       2    0.000    0.001  file.py:9(main)
// with pstats' exact spacing (first edge on the function's line, the others indented below it,
// names padded to the listing's width) so output can be compared with pstats line by line.
#pragma once

#include <string>

#include "analysis/call_listing.h"

namespace pprof::render {

// "Ordered by" block, heading and entries, then two blank lines; "" when nothing is listed.
std::string renderCallListing(const analysis::CallListing& listing, const std::string& ordered_by);

}  // namespace pprof::render

// pstats-style text of a StatsReport (`pprof-stats --format table`), laid out as
// `python3 -m pstats` prints it: the title lines (one per input, like pstats' file list), a
// totals header, then -- only when rows are left -- "Ordered by:", the "List reduced ..."
// lines and the columns
//   ncalls  tottime  percall  cumtime  percall   self%  total% filename:lineno(function)
// with pstats' number formats (%9s, %8.3f). For cProfile input the header is pstats' own
// ("N function calls (M primitive calls) in X seconds") and the rows are pstats' rows plus the
// two percentage columns. For sampled profiles ncalls is the number of samples (weight) with
// the function on the stack and percall divides by it; the header says so. A profile with Python
// adds a header line naming the versions and the merge failures, and one per process whose
// Python frames are missing (python/python_summary.h).
// Dates are printed in UTC so output does not depend on the machine's time zone.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/stats_report.h"

namespace pprof::render {

struct TableOptions {
  std::vector<std::string> sources;  // the inputs' paths, printed in the title like pstats
  bool color = false;                // ANSI bold header, hot rows highlighted (terminals only)
  size_t width = 0;                  // >0: shorten labels so lines fit this many columns
};

std::string renderTable(const analysis::StatsReport& report, const TableOptions& options);

// The title and totals header alone (also above call listings and thread lists).
std::string renderHeader(const analysis::StatsReport& report, const TableOptions& options);

// `text` shortened from the left to at most `width` characters ("…" marks the cut); as is if
// width is 0 or it fits.
std::string fitLeft(const std::string& text, size_t width);

}  // namespace pprof::render

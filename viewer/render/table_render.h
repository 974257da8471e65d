// pstats-style text table of a StatsReport (`pprof-stats --format table`), laid out like
// `python3 -m pstats` prints: a title line, a totals header, "Ordered by:", the optional
// "List reduced from X to Y due to restriction <N>", then the columns
//   ncalls  tottime  percall  cumtime  percall   self%  total% filename:lineno(function)
// with pstats' number formats (%9s, %8.3f). For sampled profiles ncalls is the number of
// samples (weight) with the function on the stack, and percall divides by it; the header says
// so. A function without a source file shows its module instead: "libc.so.6:0(memcpy)".
// Dates are printed in UTC so output does not depend on the machine's time zone.
#pragma once

#include <string>

#include "analysis/stats_report.h"

namespace pprof::render {

struct TableOptions {
  std::string source_name;  // the profile's path, printed in the title line like pstats
};

std::string renderTable(const analysis::StatsReport& report, const TableOptions& options);

// "file:line(function)", the pstats spelling of a function (what --filter will match).
std::string functionLabel(const analysis::FunctionStats& fn);

}  // namespace pprof::render

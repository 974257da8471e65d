// Ordering of function tables with pstats' sort keys and semantics: several keys break ties in
// order, numbers sort descending and names ascending, and rows equal on every key keep their
// incoming order (pstats' sort is stable over its dict order; our tables come in a
// deterministic natural order, see function_table.h and call_stats_table.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/function_table.h"
#include "common/result.h"

namespace pprof::analysis {

enum class SortKey {
  kCalls,           // calls / ncalls: "call count" (sampled: samples on the stack)
  kCumulative,      // cumulative / cumtime: "cumulative time"
  kFile,            // file / filename / module: "file name"
  kLine,            // line: "line number"
  kName,            // name: "function name"
  kNameFileLine,    // nfl: "name/file/line"
  kPrimitiveCalls,  // pcalls: "primitive call count"
  kStdName,         // stdname: "standard name" (the printed label)
  kTime,            // time / tottime: "internal time"
  kSamples,         // samples: "sample count" (total samples; 0 for cProfile input)
  // Comparisons only (compare/function_diff.h): the largest absolute change first. A single
  // profile has no change; its rows tie.
  kDelta,            // delta: "change in internal time"
  kDeltaCumulative,  // delta-cumulative: "change in cumulative time"
};

bool isDeltaKey(SortKey key);

// One pstats name ("time", "cumtime", "nfl", ...), or nullopt.
std::optional<SortKey> parseSortKey(std::string_view name);

// "time,name" -> {kTime, kName}; an error names the bad key.
Result<std::vector<SortKey>> parseSortKeys(std::string_view list);

// What pstats prints after "Ordered by: ", e.g. "internal time, function name".
std::string sortKeyDescription(const std::vector<SortKey>& keys);

// Stable sort by the keys, in order.
void sortFunctions(std::vector<FunctionStats>& rows, const std::vector<SortKey>& keys);

extern const char kSortKeyNames[];  // for usage text

}  // namespace pprof::analysis

// Ordering of function tables with pstats' sort keys and semantics: several keys break ties in
// order, numbers sort descending and names ascending, and rows equal on every key keep their
// incoming order (pstats' sort is stable over its dict order; our tables come in a
// deterministic natural order, see function_table.h and call_stats_table.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
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

// The keys that order rows by what they are rather than by their numbers (file, line, name,
// stdname, nfl), ascending, for any row with name, file, line and label (function tables,
// comparisons): <0, 0, >0 as `a` goes before, ties with, or goes after `b`; nullopt for the
// other keys.
template <typename Row>
std::optional<int> compareByIdentity(SortKey key, const Row& a, const Row& b) {
  auto ascending = [](const auto& x, const auto& y) { return x < y ? -1 : y < x ? 1 : 0; };
  switch (key) {
    case SortKey::kFile: return ascending(a.file, b.file);
    case SortKey::kLine: return ascending(a.line, b.line);
    case SortKey::kName: return ascending(a.name, b.name);
    case SortKey::kStdName: return ascending(a.label, b.label);
    case SortKey::kNameFileLine:
      return ascending(std::tie(a.name, a.file, a.line), std::tie(b.name, b.file, b.line));
    default: return std::nullopt;
  }
}

// Stable sort by the keys, in order.
void sortFunctions(std::vector<FunctionStats>& rows, const std::vector<SortKey>& keys);

extern const char kSortKeyNames[];  // for usage text

}  // namespace pprof::analysis

// Ordering and restriction of function tables, with pstats' sort-key names.
//
// Every order ends with name, then file, line and module as tie breakers, so output is
// deterministic whatever order the rows were produced in.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/function_table.h"

namespace pprof::analysis {

enum class SortKey {
  kSelf,   // pstats "time" / "tottime": "internal time"
  kTotal,  // pstats "cumulative" / "cumtime": "cumulative time"
};

// Accepts pstats' names: time, tottime, cumulative, cumtime.
std::optional<SortKey> parseSortKey(std::string_view name);

// What pstats prints after "Ordered by: ", e.g. "internal time".
std::string sortKeyDescription(SortKey key);

// Sorts in place: the key descending, then name, file, line, module ascending.
void sortFunctions(std::vector<FunctionStats>& rows, SortKey key);

// Keeps the first `top` rows (all when nullopt).
void limitFunctions(std::vector<FunctionStats>& rows, std::optional<size_t> top);

}  // namespace pprof::analysis

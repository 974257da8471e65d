#include "analysis/function_order.h"

#include <algorithm>
#include <tuple>

namespace pprof::analysis {

std::optional<SortKey> parseSortKey(std::string_view name) {
  if (name == "time" || name == "tottime") return SortKey::kSelf;
  if (name == "cumulative" || name == "cumtime") return SortKey::kTotal;
  return std::nullopt;
}

std::string sortKeyDescription(SortKey key) {
  return key == SortKey::kSelf ? "internal time" : "cumulative time";
}

void sortFunctions(std::vector<FunctionStats>& rows, SortKey key) {
  auto primary = [key](const FunctionStats& row) {
    return key == SortKey::kSelf ? row.self_samples : row.total_samples;
  };
  std::sort(rows.begin(), rows.end(), [&](const FunctionStats& a, const FunctionStats& b) {
    if (primary(a) != primary(b)) return primary(a) > primary(b);
    return std::tie(a.name, a.file, a.line, a.module, a.frame) <
           std::tie(b.name, b.file, b.line, b.module, b.frame);
  });
}

void limitFunctions(std::vector<FunctionStats>& rows, std::optional<size_t> top) {
  if (top && rows.size() > *top) rows.resize(*top);
}

}  // namespace pprof::analysis

#include "analysis/function_order.h"

#include <algorithm>
#include <tuple>

namespace pprof::analysis {
namespace {

struct KeyName {
  const char* name;
  SortKey key;
};
constexpr KeyName kKeys[] = {
    {"calls", SortKey::kCalls},        {"ncalls", SortKey::kCalls},
    {"cumulative", SortKey::kCumulative}, {"cumtime", SortKey::kCumulative},
    {"file", SortKey::kFile},          {"filename", SortKey::kFile},
    {"module", SortKey::kFile},        {"line", SortKey::kLine},
    {"name", SortKey::kName},          {"nfl", SortKey::kNameFileLine},
    {"pcalls", SortKey::kPrimitiveCalls}, {"stdname", SortKey::kStdName},
    {"time", SortKey::kTime},          {"tottime", SortKey::kTime},
    {"samples", SortKey::kSamples},
    {"delta", SortKey::kDelta},        {"delta-cumulative", SortKey::kDeltaCumulative},
};

const char* description(SortKey key) {
  switch (key) {
    case SortKey::kCalls: return "call count";
    case SortKey::kCumulative: return "cumulative time";
    case SortKey::kFile: return "file name";
    case SortKey::kLine: return "line number";
    case SortKey::kName: return "function name";
    case SortKey::kNameFileLine: return "name/file/line";
    case SortKey::kPrimitiveCalls: return "primitive call count";
    case SortKey::kStdName: return "standard name";
    case SortKey::kTime: return "internal time";
    case SortKey::kSamples: return "sample count";
    case SortKey::kDelta: return "change in internal time";
    case SortKey::kDeltaCumulative: return "change in cumulative time";
  }
  return "";
}

// <0, 0, >0 as `a` goes before, ties with, or goes after `b` under one key.
int compareBy(SortKey key, const FunctionStats& a, const FunctionStats& b) {
  if (std::optional<int> by_identity = compareByIdentity(key, a, b)) return *by_identity;
  auto descending = [](auto x, auto y) { return x > y ? -1 : x < y ? 1 : 0; };
  switch (key) {
    case SortKey::kCalls:
      return descending(a.calls.value_or(a.total_samples), b.calls.value_or(b.total_samples));
    case SortKey::kPrimitiveCalls:
      return descending(a.primitive_calls.value_or(a.total_samples), b.primitive_calls.value_or(b.total_samples));
    case SortKey::kCumulative:  // seconds first (exact for cProfile), weight when no period is known
      return descending(std::tie(a.total_seconds, a.total_samples), std::tie(b.total_seconds, b.total_samples));
    case SortKey::kTime:
      return descending(std::tie(a.self_seconds, a.self_samples), std::tie(b.self_seconds, b.self_samples));
    case SortKey::kSamples: return descending(a.total_samples, b.total_samples);
    case SortKey::kFile:
    case SortKey::kLine:
    case SortKey::kName:
    case SortKey::kStdName:
    case SortKey::kNameFileLine: return 0;  // compareByIdentity answered
    case SortKey::kDelta:
    case SortKey::kDeltaCumulative: return 0;  // one profile has no change: rows tie
  }
  return 0;
}

}  // namespace

bool isDeltaKey(SortKey key) { return key == SortKey::kDelta || key == SortKey::kDeltaCumulative; }

const char kSortKeyNames[] =
    "calls ncalls cumulative cumtime file filename module line name nfl pcalls stdname time tottime samples "
    "delta delta-cumulative";

std::optional<SortKey> parseSortKey(std::string_view name) {
  for (const KeyName& k : kKeys) {
    if (name == k.name) return k.key;
  }
  return std::nullopt;
}

Result<std::vector<SortKey>> parseSortKeys(std::string_view list) {
  std::vector<SortKey> keys;
  size_t start = 0;
  for (;;) {
    size_t comma = list.find(',', start);
    std::string_view word = list.substr(start, comma == std::string_view::npos ? list.npos : comma - start);
    auto key = parseSortKey(word);
    if (!key) return Status::error("unknown sort key '" + std::string(word) + "' (expected one of: " + kSortKeyNames + ")");
    keys.push_back(*key);
    if (comma == std::string_view::npos) return keys;
    start = comma + 1;
  }
}

std::string sortKeyDescription(const std::vector<SortKey>& keys) {
  std::string text;
  for (SortKey key : keys) {
    if (!text.empty()) text += ", ";
    text += description(key);
  }
  return text;
}

void sortFunctions(std::vector<FunctionStats>& rows, const std::vector<SortKey>& keys) {
  std::stable_sort(rows.begin(), rows.end(), [&](const FunctionStats& a, const FunctionStats& b) {
    for (SortKey key : keys) {
      int c = compareBy(key, a, b);
      if (c != 0) return c < 0;
    }
    return false;
  });
}

}  // namespace pprof::analysis

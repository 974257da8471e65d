#include "compare/function_diff.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace pprof::compare {
namespace {

using analysis::FunctionStats;
using analysis::Grouping;
using analysis::SortKey;

// What a row stands for on both sides (see the header): never an address or a frame id. With
// the line first; without it when that leaves one row on each side (an edit above a function
// moved it), so that two lambdas of one file stay apart.
std::string identity(const FunctionStats& row, bool with_line) {
  std::string key = row.name;
  key += '\0', key += row.file, key += '\0', key += row.module;
  if (with_line) key += '\0', key += std::to_string(row.line);
  return key;
}

// One side's full table: the query without restrictions or call listings.
analysis::StatsReport fullTable(const Profile& profile, const analysis::StatsQuery& query) {
  analysis::StatsQuery all = query;
  all.restrictions.clear();
  all.callers.reset(), all.callees.reset();
  all.sort = {SortKey::kNameFileLine};
  return analysis::buildStatsReport(profile, all);
}

// A side's self and total in the report's unit.
std::pair<double, double> valuesOf(const FunctionStats& row, bool normalize) {
  return normalize ? std::pair{row.self_percent, row.total_percent} : std::pair{row.self_seconds, row.total_seconds};
}

int compareBy(SortKey key, const DiffRow& a, const DiffRow& b) {
  if (std::optional<int> by_identity = analysis::compareByIdentity(key, a, b)) return *by_identity;
  auto descending = [](auto x, auto y) { return x > y ? -1 : x < y ? 1 : 0; };
  switch (key) {
    case SortKey::kDelta: return descending(std::fabs(a.deltaSelf()), std::fabs(b.deltaSelf()));
    case SortKey::kDeltaCumulative: return descending(std::fabs(a.deltaTotal()), std::fabs(b.deltaTotal()));
    case SortKey::kTime: return descending(a.new_self, b.new_self);
    case SortKey::kCumulative: return descending(a.new_total, b.new_total);
    case SortKey::kCalls:
    case SortKey::kPrimitiveCalls:
    case SortKey::kSamples: return descending(a.new_samples, b.new_samples);
    case SortKey::kFile:
    case SortKey::kLine:
    case SortKey::kName:
    case SortKey::kStdName:
    case SortKey::kNameFileLine: return 0;  // compareByIdentity answered
  }
  return 0;
}

}  // namespace

const char* diffStatusName(DiffStatus status) {
  switch (status) {
    case DiffStatus::kBoth: return "both";
    case DiffStatus::kNew: return "new";
    case DiffStatus::kGone: return "gone";
  }
  return "";
}

Result<DiffReport> diffProfiles(const Profile& base, const Profile& next, const DiffQuery& query) {
  const analysis::StatsQuery& q = query.query;
  if (Status s = analysis::checkStatsQuery(base, q); !s) return s.withContext("base");
  if (Status s = analysis::checkStatsQuery(next, q); !s) return s.withContext("new");
  analysis::StatsReport before = fullTable(base, q), after = fullTable(next, q);

  DiffReport report;
  report.base = before.run, report.next = after.run;
  report.normalized = query.normalize;
  report.grouping = q.grouping;
  std::unordered_map<std::string, size_t> exact;
  std::unordered_map<std::string, std::vector<size_t>> loose;
  for (const FunctionStats& row : after.functions) {
    DiffRow d{row.name, row.file, row.module, row.label, row.line, DiffStatus::kNew};
    std::tie(d.new_self, d.new_total) = valuesOf(row, query.normalize);
    d.new_samples = row.total_samples;
    exact.emplace(identity(row, true), report.rows.size());
    loose[identity(row, false)].push_back(report.rows.size());
    report.rows.push_back(std::move(d));
  }
  // By line a row's identity may hold several rows' of the other side (--by line: none).
  const bool by_line = q.grouping == Grouping::kLine;
  auto match = [&](const FunctionStats& row) -> DiffRow* {
    auto it = exact.find(identity(row, true));
    if (it != exact.end() && report.rows[it->second].status == DiffStatus::kNew) return &report.rows[it->second];
    if (by_line) return nullptr;
    auto candidates = loose.find(identity(row, false));
    if (candidates == loose.end()) return nullptr;
    DiffRow* only = nullptr;
    for (size_t i : candidates->second) {
      if (report.rows[i].status != DiffStatus::kNew) continue;
      if (only) return nullptr;
      only = &report.rows[i];
    }
    return only;
  };
  for (const FunctionStats& row : before.functions) {
    DiffRow* d = match(row);
    if (d) {
      d->status = DiffStatus::kBoth;
    } else {
      report.rows.push_back({row.name, row.file, row.module, row.label, row.line, DiffStatus::kGone});
      d = &report.rows.back();
    }
    std::tie(d->base_self, d->base_total) = valuesOf(row, query.normalize);
  }

  report.rows_before_limit = report.rows.size();
  std::vector<SortKey> keys = q.sort;
  if (keys.empty()) keys = {SortKey::kDelta};
  std::stable_sort(report.rows.begin(), report.rows.end(), [&](const DiffRow& a, const DiffRow& b) {
    for (SortKey key : keys) {
      if (int c = compareBy(key, a, b); c != 0) return c < 0;
    }
    return false;
  });
  report.ordered_by = analysis::sortKeyDescription(keys);
  for (const analysis::Restriction& restriction : q.restrictions) {
    std::string note = restriction.applyTo(report.rows, [](const DiffRow& row) -> const std::string& { return row.label; });
    if (!note.empty()) report.notes.push_back(std::move(note));
  }
  return report;
}

}  // namespace pprof::compare

// Two profiles side by side, per function: what a change did (`pprof-stats --diff`).
//
// Each side's table is the one `pprof-stats` prints for it (analysis/stats_report.h, the same
// query, unrestricted). Rows are matched by what they stand for, not by address, so two builds
// or two machines compare: by function, the name, file and module (not the line: an edit above a
// function moves it); by line, also the line; by file or module, the file or module. A row on
// one side only is "new" or "gone".
//
// Values are seconds, or with `normalize` percentages of each side's samples (for runs of
// different length: a function whose share grew got slower relative to the rest). The sort keys
// are pstats' on the NEW side (time: new self, cumulative: new total, names as usual) plus
// kDelta / kDeltaCumulative: the largest absolute change of self / total time first (default).
// Restrictions (--top, --filter) apply after sorting, as for one profile.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/stats_report.h"
#include "format/profile.h"

namespace pprof::compare {

enum class DiffStatus { kBoth, kNew, kGone };

struct DiffRow {
  // The row's identity: from the NEW side when it has the row, else from BASE.
  std::string name, file, module, label;
  uint32_t line = 0;
  DiffStatus status = DiffStatus::kBoth;
  // Seconds, or percent of the side's samples when normalized; 0 on a side without the row.
  double base_self = 0, new_self = 0, base_total = 0, new_total = 0;
  uint64_t new_samples = 0;  // the NEW side's total weight (sort key calls/samples)

  double deltaSelf() const { return new_self - base_self; }
  double deltaTotal() const { return new_total - base_total; }
};

struct DiffQuery {
  analysis::StatsQuery query;  // sort keys, restrictions, grouping and filter, both sides
  bool normalize = false;
};

struct DiffReport {
  analysis::RunSummary base, next;
  std::vector<DiffRow> rows;  // sorted and restricted
  size_t rows_before_limit = 0;
  std::vector<std::string> notes;  // "   List reduced from X to Y due to restriction <R>"
  std::string ordered_by;
  bool normalized = false;
  analysis::Grouping grouping = analysis::Grouping::kFunction;
};

// Fails where either side cannot answer the query (checkStatsQuery), naming the side.
Result<DiffReport> diffProfiles(const Profile& base, const Profile& next, const DiffQuery& query);

const char* diffStatusName(DiffStatus status);  // "both", "new", "gone"

}  // namespace pprof::compare

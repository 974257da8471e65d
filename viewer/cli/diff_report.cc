#include "cli/diff_report.h"

#include <utility>
#include <vector>

#include "analysis/merge_profiles.h"
#include "analysis/sample_filter.h"
#include "compare/diff_render.h"
#include "formats/pprof_export.h"

namespace pprof::cli {
namespace {

// NEW minus BASE in one profile: both sides merged, the base's samples negated.
Result<std::string> pprofDifference(Profile base, Profile next, const StatsOptions& options) {
  for (Profile* side : {&base, &next}) {
    if (!side->call_stats.empty() && side->samples.empty())
      return Status::error("cProfile data has no stacks to export; --format table or json only");
    analysis::keepMatchingSamples(*side, options.query.filter);
  }
  formats::PprofExportOptions pprof;
  pprof.base_threads = static_cast<uint32_t>(base.threads.size());
  std::vector<Profile> sides;
  sides.push_back(std::move(base));
  sides.push_back(std::move(next));
  auto merged = analysis::mergeProfiles(std::move(sides));
  if (!merged) return merged.status();
  return formats::encodePprof(merged.value(), pprof);
}

}  // namespace

Result<std::string> diffReport(Profile base, Profile next, const StatsOptions& options) {
  if (options.format == OutputFormat::kPprof) return pprofDifference(std::move(base), std::move(next), options);
  compare::DiffQuery query{options.query, options.normalize};
  if (!options.sorted) query.query.sort = {analysis::SortKey::kDelta};
  auto report = compare::diffProfiles(base, next, query);
  if (!report) return report.status();
  const compare::DiffSides sides{options.base_inputs, options.inputs};
  if (options.format == OutputFormat::kJson) {
    return compare::diffToJson(report.value(), sides).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
           "\n";
  }
  return compare::renderDiffTable(report.value(), sides);
}

}  // namespace pprof::cli

#include "cli/stats_export.h"

#include "analysis/sample_totals.h"
#include "formats/collapsed.h"
#include "formats/pprof_export.h"
#include "formats/speedscope.h"

namespace pprof::cli {

Result<std::string> exportProfile(Profile profile, const StatsOptions& options) {
  if (!profile.call_stats.empty() && profile.samples.empty())
    return Status::error("cProfile data has no stacks to export; --format table or json only");
  analysis::keepMatchingSamples(profile, options.query.filter);
  switch (options.format) {
    case OutputFormat::kCollapsed: return formats::encodeCollapsed(profile);
    case OutputFormat::kPprof: return formats::encodePprof(profile);
    case OutputFormat::kSpeedscope:
      return formats::encodeSpeedscope(profile, options.inputs.size() == 1 ? options.inputs[0] : "merged profiles");
    default: break;
  }
  return Status::error("not an export format");
}

}  // namespace pprof::cli

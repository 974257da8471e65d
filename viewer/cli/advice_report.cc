#include "cli/advice_report.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "analysis/frame_index.h"
#include "analysis/parallelism.h"
#include "render/advice_render.h"

namespace pprof::cli {

analysis::SampleSelection adviceSelection(const Profile& profile, const StatsOptions& options) {
  analysis::SampleSelection selection;
  selection.pid = options.query.filter.pid;
  if (options.query.filter.tid) {
    selection.threads.emplace();
    for (uint32_t t = 0; t < profile.threads.size(); ++t) {
      if (profile.threads[t].tid == *options.query.filter.tid) selection.threads->push_back(t);
    }
  }
  if (options.from_seconds) selection.from_ns = static_cast<uint64_t>(std::llround(*options.from_seconds * 1e9));
  if (options.to_seconds) selection.to_ns = static_cast<uint64_t>(std::llround(*options.to_seconds * 1e9));
  // A region's window runs from its first entry to its last exit; time between two entries
  // counts as idle, which makes the predictions smaller, never larger.
  if (options.region) {
    uint64_t first = UINT64_MAX, last = 0;
    for (const Region& region : profile.regions) {
      if (region.name != *options.region) continue;
      first = std::min(first, region.start_ns), last = std::max(last, region.end_ns);
    }
    if (first < last) {
      selection.from_ns = std::max(selection.from_ns, first);
      selection.to_ns = std::min(selection.to_ns.value_or(last), last);
    }
  }
  return selection;
}

std::string adviceReport(const Profile& profile, const StatsOptions& options) {
  const analysis::FrameIndex frames = analysis::FrameIndex::build(profile);
  analysis::ParallelismOptions advice;
  advice.machine_cores = std::max(1u, std::thread::hardware_concurrency());
  advice.selection = adviceSelection(profile, options);
  const analysis::ParallelismReport report = analysis::analyzeParallelism(profile, frames, advice);
  if (options.format == OutputFormat::kJson)
    return render::adviceToJson(report, frames).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return render::renderAdviceText(report, frames);
}

}  // namespace pprof::cli

#include "cli/advice_report.h"

#include <thread>

#include "analysis/frame_index.h"
#include "analysis/parallelism.h"
#include "render/advice_render.h"

namespace pprof::cli {

std::string adviceReport(const Profile& profile, bool json) {
  const analysis::FrameIndex frames = analysis::FrameIndex::build(profile);
  analysis::ParallelismOptions options;
  options.machine_cores = std::max(1u, std::thread::hardware_concurrency());
  const analysis::ParallelismReport report = analysis::analyzeParallelism(profile, frames, options);
  if (json) return render::adviceToJson(report, frames).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return render::renderAdviceText(report, frames);
}

}  // namespace pprof::cli

#include "cli/advice_check.h"

#include <algorithm>
#include <thread>

#include "analysis/parallelism_check.h"
#include "cli/advice_report.h"
#include "render/advice_check_render.h"

namespace pprof::cli {

std::string adviceCheckReport(const Profile& base, const Profile& after, const StatsOptions& options) {
  analysis::ParallelismOptions advice;
  advice.machine_cores = std::max(1u, std::thread::hardware_concurrency());
  const analysis::ParallelismCheck check = analysis::checkParallelism(base, adviceSelection(base, options), after,
                                                                      adviceSelection(after, options), advice);
  const render::CheckInputs inputs{options.inputs, options.after_inputs};
  if (options.format == OutputFormat::kJson) {
    return render::adviceCheckToJson(check, inputs).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n";
  }
  return render::renderAdviceCheckText(check, inputs);
}

}  // namespace pprof::cli

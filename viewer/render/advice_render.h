// `pprof-stats --advise`: the parallelism report (analysis/parallelism.h) in plain words, or
// as JSON with the schema
//   {"wall_seconds", "cpu_seconds", "waiting_seconds", "average_parallelism", "serial_fraction",
//    "cores", "mode", "amdahl_bound": {"2": x, ...}, "warning" (only when there is one),
//    "candidates": [{"name", "file", "line", "serial_seconds", "total_seconds",
//                    "waiting_seconds", "threads", "kind", "advice",
//                    "predicted_speedup": {"2": x, "4": y, "8": z, "<cores>": w}}],
//    "lines": [same shape, one per source line]}
// "kind" is "cpu" (processes or native threads) or "waiting" (threads or async).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analysis/frame_index.h"
#include "analysis/parallelism.h"

namespace pprof::render {

std::string renderAdviceText(const analysis::ParallelismReport& report, const analysis::FrameIndex& frames);
nlohmann::ordered_json adviceToJson(const analysis::ParallelismReport& report, const analysis::FrameIndex& frames);

}  // namespace pprof::render

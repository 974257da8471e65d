// `pprof-stats --advise`: the parallelism report (analysis/parallelism.h) in plain words, or as
// JSON. The JSON schema is documented beside this file, in ADVICE.md.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analysis/frame_index.h"
#include "analysis/parallelism.h"

namespace pprof::render {

// "ns::f(std::vector<...> const&, int)" -> "ns::f(...)": a report line should fit a terminal.
std::string withoutParameters(const std::string& name);

std::string renderAdviceText(const analysis::ParallelismReport& report, const analysis::FrameIndex& frames);
nlohmann::ordered_json adviceToJson(const analysis::ParallelismReport& report, const analysis::FrameIndex& frames);

}  // namespace pprof::render

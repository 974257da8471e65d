// `pprof-stats BASE --advise --after NEW`: the advisor's check (analysis/parallelism_check.h) in
// plain words, ending in one line that says it all ("predicted 1.32x, measured 1.30x; parseSales
// serial 0.63 s -> 0.05 s; new serial time: mergeResults 0.05 s"), or as JSON (schema in
// ADVICE.md).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/parallelism_check.h"

namespace pprof::render {

struct CheckInputs {
  std::vector<std::string> base, after;  // each side's files
};

std::string renderAdviceCheckText(const analysis::ParallelismCheck& check, const CheckInputs& inputs);
nlohmann::ordered_json adviceCheckToJson(const analysis::ParallelismCheck& check, const CheckInputs& inputs);

}  // namespace pprof::render

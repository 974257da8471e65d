// Text and JSON of a comparison (`pprof-stats --diff`); the schema is in DIFF.md beside this
// file.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compare/function_diff.h"

namespace pprof::compare {

struct DiffSides {
  std::vector<std::string> base_inputs, new_inputs;  // file names, for the header and meta
};

std::string renderDiffTable(const DiffReport& report, const DiffSides& sides);

nlohmann::ordered_json diffToJson(const DiffReport& report, const DiffSides& sides);

}  // namespace pprof::compare

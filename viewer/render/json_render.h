// JSON rendering of a StatsReport (`pprof-stats --format json`). The schema, stable for
// scripts and tests:
//   {"meta": {"samples", "processes", "threads", "wall_seconds", "cpu_seconds", "frequency_hz",
//             "mode", "lost_samples", "truncated_stacks",
//             "python": {"versions", "processes", "merge_failures", "notes"}},
//    "threads": [{"pid", "tid", "name", "samples", "cpu_seconds"}],
//    "functions": [{"name", "file", "line", "module", "label", "calls", "primitive_calls",
//                   "self_samples", "total_samples", "self_seconds", "total_seconds",
//                   "self_percent", "total_percent", "language", "gil_percent"}]}
// For cProfile input meta also has "function_calls", "primitive_calls" and "total_seconds"
// (pstats' header numbers).
// samples fields are summed weights (periods); percentages are of all samples' weight; "module"
// is the module's file name without directories; "label" is pstats' file:line(function);
// "calls"/"primitive_calls" are null when unknown (sampled profiles); "language" is "python" or
// "native"; "gil_percent" is the share of the function's on-CPU weight in samples of threads
// with a Python thread state (counted inclusively, like total) during which the GIL was held,
// null when the function has no such weight. meta "python" is left out when no process ran
// Python (see python/python_summary.h): "versions" distinct and sorted, "processes" distinct
// pids with a version, "merge_failures" sample records the mixed view kept unmerged (0 in the
// python and native views), "notes" one "pid N: why" line per process whose frames are missing.
// Keys keep this order. Invalid UTF-8 in names is replaced, never an error.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analysis/stats_report.h"

namespace pprof::render {

nlohmann::ordered_json statsToJson(const analysis::StatsReport& report);

// meta without "python" (a run's totals; also each side of a comparison's meta).
nlohmann::ordered_json runJson(const analysis::RunSummary& run);

// meta "python" (the object described above).
nlohmann::ordered_json pythonJson(const python::PythonSummary& summary);

// Indented text with a trailing newline.
std::string renderJson(const analysis::StatsReport& report);

}  // namespace pprof::render

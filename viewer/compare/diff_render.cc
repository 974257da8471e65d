#include "compare/diff_render.h"

#include <cmath>

#include "render/json_render.h"
#include "render/text_format.h"

namespace pprof::compare {
namespace {

using nlohmann::ordered_json;
using render::appendf;

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : " ") + name;
  return out;
}

void appendSide(std::string& text, const char* side, const std::vector<std::string>& inputs,
                const analysis::RunSummary& run) {
  appendf(text, "%-5s %s\n      %llu samples in %.3f CPU seconds over %.3f wall seconds, %llu threads, %llu processes\n",
          side, joined(inputs).c_str(), static_cast<unsigned long long>(run.samples), run.cpu_seconds,
          run.wall_seconds, static_cast<unsigned long long>(run.threads),
          static_cast<unsigned long long>(run.processes));
}

// The change as a percentage of the base value: "+12.5%", "new" (no base), "-100.0%" (gone).
std::string changePercent(double base, double next) {
  if (base == 0) return next == 0 ? "0.0%" : "new";
  char out[32];
  std::snprintf(out, sizeof out, "%+.1f%%", 100.0 * (next - base) / base);
  return out;
}

void appendValues(std::string& text, double base, double next, bool normalized) {
  if (normalized) {
    appendf(text, " %9.2f %9.2f %+9.2f %8s", base, next, next - base, changePercent(base, next).c_str());
  } else {
    appendf(text, " %9.3f %9.3f %+9.3f %8s", base, next, next - base, changePercent(base, next).c_str());
  }
}

}  // namespace

std::string renderDiffTable(const DiffReport& report, const DiffSides& sides) {
  std::string text;
  appendSide(text, "base:", sides.base_inputs, report.base);
  appendSide(text, "new:", sides.new_inputs, report.next);
  text += report.normalized ? "      values: percent of each side's samples; change in points\n"
                            : "      values: seconds\n";
  text += "\n";
  render::appendOrderNotes(text, report.ordered_by, report.notes);
  const char* unit = report.normalized ? "self%" : "tottime";
  const char* total = report.normalized ? "total%" : "cumtime";
  appendf(text, " %9s %9s %9s %8s %9s %9s %9s\n", "base", "new", "change", "", "base", "new", "change");
  appendf(text, " %9s %9s %9s %8s %9s %9s %9s %8s  %-6s %s\n", unit, unit, unit, "%", total, total, total, "%",
          "status", "filename:lineno(function)");
  for (const DiffRow& row : report.rows) {
    appendValues(text, row.base_self, row.new_self, report.normalized);
    appendValues(text, row.base_total, row.new_total, report.normalized);
    appendf(text, "  %-6s %s\n", diffStatusName(row.status), row.label.c_str());
  }
  text += "\n";
  return text;
}

ordered_json diffToJson(const DiffReport& report, const DiffSides& sides) {
  ordered_json base = render::runJson(report.base), next = render::runJson(report.next);
  base["inputs"] = sides.base_inputs;
  next["inputs"] = sides.new_inputs;
  const std::string unit = report.normalized ? "percent" : "seconds";
  ordered_json functions = ordered_json::array();
  for (const DiffRow& row : report.rows) {
    functions.push_back(ordered_json{{"name", row.name},
                                     {"file", row.file},
                                     {"line", row.line},
                                     {"module", row.module},
                                     {"label", row.label},
                                     {"base_self_" + unit, row.base_self},
                                     {"new_self_" + unit, row.new_self},
                                     {"delta_self_" + unit, row.deltaSelf()},
                                     {"base_total_" + unit, row.base_total},
                                     {"new_total_" + unit, row.new_total},
                                     {"delta_total_" + unit, row.deltaTotal()},
                                     {"status", diffStatusName(row.status)}});
  }
  return ordered_json{{"meta", ordered_json{{"base", std::move(base)},
                                            {"new", std::move(next)},
                                            {"values", unit},
                                            {"ordered_by", report.ordered_by},
                                            {"functions_before_limit", report.rows_before_limit}}},
                      {"functions", std::move(functions)}};
}

}  // namespace pprof::compare

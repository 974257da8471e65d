#include "render/json_render.h"

namespace pprof::render {
namespace {

using nlohmann::ordered_json;

}  // namespace

ordered_json runJson(const analysis::RunSummary& run) {
  return ordered_json{{"samples", run.samples},
                      {"processes", run.processes},
                      {"threads", run.threads},
                      {"wall_seconds", run.wall_seconds},
                      {"cpu_seconds", run.cpu_seconds},
                      {"frequency_hz", run.frequency_hz},
                      {"mode", run.mode},
                      {"lost_samples", run.lost_samples},
                      {"truncated_stacks", run.truncated_stacks},
                      {"host", run.host},
                      {"hosts", run.hosts}};
}

namespace {

ordered_json threadJson(const analysis::ThreadStats& thread) {
  return ordered_json{{"host", thread.host},
                      {"pid", thread.pid},
                      {"tid", thread.tid},
                      {"name", thread.name},
                      {"role", thread.role},
                      {"samples", thread.samples},
                      {"cpu_seconds", thread.cpu_seconds}};
}

ordered_json functionJson(const analysis::FunctionStats& fn) {
  return ordered_json{{"name", fn.name},
                      {"file", fn.file},
                      {"line", fn.line},
                      {"module", fn.module},
                      {"label", fn.label},
                      {"calls", fn.calls ? ordered_json(*fn.calls) : ordered_json(nullptr)},
                      {"primitive_calls", fn.primitive_calls ? ordered_json(*fn.primitive_calls) : ordered_json(nullptr)},
                      {"self_samples", fn.self_samples},
                      {"total_samples", fn.total_samples},
                      {"self_seconds", fn.self_seconds},
                      {"total_seconds", fn.total_seconds},
                      {"self_percent", fn.self_percent},
                      {"total_percent", fn.total_percent},
                      {"language", fn.language == Language::kPython ? "python" : "native"},
                      {"gil_percent", fn.gil_percent ? ordered_json(*fn.gil_percent) : ordered_json(nullptr)}};
}

}  // namespace

ordered_json pythonJson(const python::PythonSummary& summary) {
  return ordered_json{{"versions", summary.versions},
                      {"processes", summary.processes},
                      {"merge_failures", summary.merge_failures},
                      {"notes", summary.notes}};
}

ordered_json statsToJson(const analysis::StatsReport& report) {
  ordered_json threads = ordered_json::array();
  for (const auto& thread : report.threads) threads.push_back(threadJson(thread));
  ordered_json functions = ordered_json::array();
  for (const auto& fn : report.functions) functions.push_back(functionJson(fn));
  ordered_json meta = runJson(report.run);
  if (report.deterministic) {
    meta["function_calls"] = report.call_totals.calls;
    meta["primitive_calls"] = report.call_totals.primitive_calls;
    meta["total_seconds"] = report.call_totals.self_seconds;
  }
  if (report.python) meta["python"] = pythonJson(*report.python);
  return ordered_json{{"meta", std::move(meta)},
                      {"threads", std::move(threads)},
                      {"functions", std::move(functions)}};
}

std::string renderJson(const analysis::StatsReport& report) {
  return statsToJson(report).dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace pprof::render

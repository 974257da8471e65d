#include "render/advice_render.h"

#include "analysis/function_label.h"
#include "render/text_format.h"

namespace pprof::render {
namespace {

using nlohmann::ordered_json;
using analysis::ParallelCandidate;
using analysis::ParallelismReport;

// "ns::f(std::vector<...> const&, int)" -> "ns::f(...)": a report line should fit a terminal.
std::string withoutParameters(const std::string& name) {
  if (name.empty() || name.back() != ')') return name;
  int depth = 0;
  for (size_t i = name.size(); i-- > 0;) {
    if (name[i] == ')') ++depth;
    if (name[i] == '(' && --depth == 0) return i + 1 == name.size() - 1 ? name : name.substr(0, i) + "(...)";
  }
  return name;
}

// As in pstats' labels (function_label.h), with the candidate's line after a file.
std::string where(const ParallelCandidate& c, const analysis::FrameIndex& frames) {
  const analysis::Frame& frame = frames.frame(c.frame);
  const std::string location = analysis::labelWhere(frame.file, frame.module_path);
  return frame.file.empty() ? location : location + ":" + std::to_string(c.line);
}

ordered_json speedups(const std::vector<analysis::SpeedupPrediction>& predictions) {
  ordered_json out = ordered_json::object();
  for (const auto& p : predictions) out[std::to_string(p.cores)] = p.speedup;
  return out;
}

ordered_json candidatesJson(const std::vector<ParallelCandidate>& rows, const analysis::FrameIndex& frames) {
  ordered_json out = ordered_json::array();
  for (const ParallelCandidate& c : rows) {
    const analysis::Frame& frame = frames.frame(c.frame);
    out.push_back({{"name", frame.name},
                   {"file", frame.file},
                   {"line", c.line},
                   {"serial_seconds", c.serial_seconds},
                   {"total_seconds", c.total_seconds},
                   {"waiting_seconds", c.waiting_seconds},
                   {"threads", c.threads},
                   {"kind", analysis::parallelKindName(c.kind)},
                   {"advice", analysis::parallelKindAdvice(c.kind)},
                   {"predicted_speedup", speedups(c.predicted)}});
  }
  return out;
}

void appendRows(std::string& text, const std::vector<ParallelCandidate>& rows, const analysis::FrameIndex& frames,
                bool with_advice) {
  if (rows.empty()) return;
  text += "   #  serial s   total s  threads";
  for (const auto& p : rows.front().predicted) appendf(text, "  %5u cores", p.cores);
  text += "  kind     function\n";
  int rank = 0;
  for (const ParallelCandidate& c : rows) {
    appendf(text, "  %2d  %8.3f  %8.3f  %7u", ++rank, c.serial_seconds, c.total_seconds, c.threads);
    for (const auto& p : c.predicted) appendf(text, "  %10.2fx", p.speedup);
    appendf(text, "  %-7s  ", analysis::parallelKindName(c.kind));
    text += withoutParameters(frames.frame(c.frame).name) + "  (" + where(c, frames) + ")\n";
    if (with_advice && rank <= 3) appendf(text, "        -> %s\n", analysis::parallelKindAdvice(c.kind));
  }
}

}  // namespace

std::string renderAdviceText(const ParallelismReport& report, const analysis::FrameIndex& frames) {
  std::string text = "Parallelism advice\n";
  if (!report.has_time) return text + "  cannot advise: " + report.warning + "\n";
  appendf(text, "  wall time            %.3f s\n", report.wall_seconds);
  appendf(text, "  CPU time             %.3f s", report.cpu_seconds);
  if (report.wall_mode) appendf(text, " running, %.3f s waiting (sleep, I/O)", report.waiting_seconds);
  text += "\n";
  appendf(text, "  average parallelism  %.2f threads on CPU\n", report.average_parallelism);
  appendf(text, "  serial fraction      %.2f of the wall time had at most one thread busy\n", report.serial_fraction);
  text += "  Amdahl bound        ";
  for (const auto& b : report.amdahl_bound) appendf(text, " %u cores: %.2fx", b.cores, b.speedup);
  appendf(text, "   (this machine: %u cores)\n", report.machine_cores);
  if (!report.warning.empty()) text += "  warning: " + report.warning + "\n";
  text += "\nCandidates, ranked by serial time: the whole program's speedup if that function's serial work\n"
          "were spread over N cores (an upper bound; the rest of the run is unchanged)\n";
  if (report.candidates.empty()) text += "  none: no function has serial time outside the threads' entry points\n";
  appendRows(text, report.candidates, frames, true);
  if (!report.lines.empty()) {
    text += "\nSource lines, ranked the same way\n";
    appendRows(text, report.lines, frames, false);
  }
  return text;
}

ordered_json adviceToJson(const ParallelismReport& report, const analysis::FrameIndex& frames) {
  ordered_json out = {{"wall_seconds", report.wall_seconds},
                      {"cpu_seconds", report.cpu_seconds},
                      {"waiting_seconds", report.waiting_seconds},
                      {"average_parallelism", report.average_parallelism},
                      {"serial_fraction", report.serial_fraction},
                      {"cores", report.machine_cores},
                      {"mode", report.wall_mode ? "wall" : "cpu"},
                      {"amdahl_bound", speedups(report.amdahl_bound)}};
  if (!report.warning.empty()) out["warning"] = report.warning;
  out["candidates"] = candidatesJson(report.candidates, frames);
  out["lines"] = candidatesJson(report.lines, frames);
  return out;
}

}  // namespace pprof::render

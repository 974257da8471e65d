#include "render/advice_render.h"

#include "analysis/function_label.h"
#include "render/text_format.h"

namespace pprof::render {

std::string withoutParameters(const std::string& name) {
  if (name.empty() || name.back() != ')') return name;
  int depth = 0;
  for (size_t i = name.size(); i-- > 0;) {
    if (name[i] == ')') ++depth;
    if (name[i] == '(' && --depth == 0) return i + 1 == name.size() - 1 ? name : name.substr(0, i) + "(...)";
  }
  return name;
}

namespace {

using nlohmann::ordered_json;
using analysis::ParallelCandidate;
using analysis::ParallelismReport;

std::string shortName(const analysis::FrameIndex& frames, uint32_t frame) {
  return withoutParameters(frames.frame(frame).name);
}

// As in pstats' labels (function_label.h), with the row's line after a file.
std::string where(const analysis::FrameIndex& frames, uint32_t frame_id, uint32_t line) {
  const analysis::Frame& frame = frames.frame(frame_id);
  const std::string location = analysis::labelWhere(frame.file, frame.module_path);
  return frame.file.empty() || line == 0 ? location : location + ":" + std::to_string(line);
}

ordered_json speedups(const std::vector<analysis::SpeedupPrediction>& predictions) {
  ordered_json out = ordered_json::object();
  for (const auto& p : predictions) out[std::to_string(p.cores)] = p.speedup;
  return out;
}

ordered_json gilShare(const ParallelCandidate& c) { return c.gil_share ? ordered_json(*c.gil_share) : ordered_json(); }

ordered_json callJson(const analysis::FrameIndex& frames, const ParallelCandidate& c) {
  const analysis::Frame& frame = frames.frame(c.frame);
  return {{"name", frame.name}, {"file", frame.file}, {"line", c.line}};
}

ordered_json candidatesJson(const std::vector<ParallelCandidate>& rows, const analysis::FrameIndex& frames) {
  ordered_json out = ordered_json::array();
  for (const ParallelCandidate& c : rows) {
    ordered_json row = callJson(frames, c);
    ordered_json context = ordered_json::array();
    for (uint32_t f : c.context) context.push_back(frames.frame(f).name);
    row["context"] = std::move(context);
    row.update({{"serial_seconds", c.serial_seconds},
                {"total_seconds", c.total_seconds},
                {"waiting_seconds", c.waiting_seconds},
                {"threads", c.threads},
                {"gil_share", gilShare(c)},
                {"kind", analysis::parallelKindName(c.kind)},
                {"advice", analysis::parallelKindAdvice(c.kind)},
                {"predicted_speedup", speedups(c.predicted)},
                {"predicted_speedup_threads", speedups(c.predicted_threads)}});
    ordered_json callees = ordered_json::array();
    for (const analysis::HotCallee& h : c.callees) {
      const analysis::Frame& frame = frames.frame(h.frame);
      callees.push_back({{"name", frame.name}, {"file", frame.file}, {"line", frame.line},
                         {"serial_seconds", h.serial_seconds}, {"inlined", h.inlined}});
    }
    row["callees"] = std::move(callees);
    out.push_back(std::move(row));
  }
  return out;
}

ordered_json rowsJson(const std::vector<ParallelCandidate>& rows, const analysis::FrameIndex& frames) {
  ordered_json out = ordered_json::array();
  for (const ParallelCandidate& c : rows) {
    ordered_json row = callJson(frames, c);
    row.update({{"candidate", c.candidate},
                {"serial_seconds", c.serial_seconds},
                {"total_seconds", c.total_seconds},
                {"gil_share", gilShare(c)},
                {"kind", analysis::parallelKindName(c.kind)},
                {"predicted_speedup", speedups(c.predicted)},
                {"predicted_speedup_threads", speedups(c.predicted_threads)}});
    out.push_back(std::move(row));
  }
  return out;
}

std::string speedupList(const std::vector<analysis::SpeedupPrediction>& predictions) {
  std::string text;
  for (const auto& p : predictions) appendf(text, "%s%u cores %.2fx", text.empty() ? "" : ", ", p.cores, p.speedup);
  return text;
}

// "main > process_partitions(...)": the last few frames of the context, outermost first.
std::string contextLine(const ParallelCandidate& c, const analysis::FrameIndex& frames) {
  constexpr size_t kShown = 3;
  std::string text;
  const size_t first = c.context.size() > kShown ? c.context.size() - kShown : 0;
  if (first > 0) text = "... > ";
  for (size_t i = first; i < c.context.size(); ++i) text += (i > first ? " > " : "") + shortName(frames, c.context[i]);
  return text;
}

std::string gilCell(const ParallelCandidate& c) {
  if (!c.gil_share) return "   -";
  std::string cell;
  appendf(cell, "%3.0f%%", 100 * *c.gil_share);
  return cell;
}

void appendHeader(std::string& text, const std::vector<ParallelCandidate>& rows, bool with_candidate) {
  text += "   #  serial s   total s   GIL";
  for (const auto& p : rows.front().predicted) appendf(text, "  %5u cores", p.cores);
  text += with_candidate ? "  kind     in  function\n" : "  kind     function\n";
}

void appendRow(std::string& text, int rank, const ParallelCandidate& c, const analysis::FrameIndex& frames) {
  appendf(text, "  %2d  %8.3f  %8.3f  %s", rank, c.serial_seconds, c.total_seconds, gilCell(c).c_str());
  for (const auto& p : c.predicted) appendf(text, "  %10.2fx", p.speedup);
  appendf(text, "  %-7s  ", analysis::parallelKindName(c.kind));
  if (c.candidate >= 0) appendf(text, "#%-2d ", c.candidate + 1);
  text += shortName(frames, c.frame) + "  (" + where(frames, c.frame, c.line) + ")\n";
}

void appendCandidates(std::string& text, const ParallelismReport& report, const analysis::FrameIndex& frames) {
  text += "\nCandidates: places in the call tree that own serial time, named by the outermost function\n"
          "whose time there was mostly serial, and the whole run's speedup if that serial work were\n"
          "spread over N cores with processes (an upper bound; the rest of the run is unchanged)\n";
  if (report.candidates.empty()) {
    text += "  none: no serial time outside the threads' entry points\n";
    return;
  }
  appendHeader(text, report.candidates, false);
  int rank = 0;
  for (const ParallelCandidate& c : report.candidates) {
    appendRow(text, ++rank, c, frames);
    if (rank > 3) continue;
    text += "        in " + contextLine(c, frames) + "\n";
    if (!c.callees.empty()) {
      text += "        mostly in ";
      for (size_t i = 0; i < c.callees.size(); ++i) {
        const analysis::HotCallee& h = c.callees[i];
        appendf(text, "%s%s%s %.3f s", i ? ", " : "", shortName(frames, h.frame).c_str(), h.inlined ? " (inlined)" : "",
                h.serial_seconds);
      }
      text += "\n";
    }
    // At best: handing the GIL between threads costs CPU a serial run cannot show (5-20% here).
    if (c.gil_share) {
      text += "        with threads: " + speedupList(c.predicted_threads);
      text += c.kind == analysis::ParallelKind::kGil ? " at best (passing the GIL between threads costs CPU)\n" : "\n";
    }
    appendf(text, "        -> %s\n", analysis::parallelKindAdvice(c.kind));
  }
}

void appendTable(std::string& text, const char* title, const std::vector<ParallelCandidate>& rows,
                 const analysis::FrameIndex& frames) {
  if (rows.empty()) return;
  text += title;
  appendHeader(text, rows, true);
  int rank = 0;
  for (const ParallelCandidate& c : rows) appendRow(text, ++rank, c, frames);
}

}  // namespace

std::string renderAdviceText(const ParallelismReport& report, const analysis::FrameIndex& frames) {
  std::string text = "Parallelism advice\n";
  if (!report.has_time) return text + "  cannot advise: " + report.warning + "\n";
  appendf(text, "  wall time            %.3f s", report.wall_seconds);
  if (report.time_selected) appendf(text, " (from %.3f s to %.3f s of the run)", report.from_seconds, report.to_seconds);
  if (report.threads_selected) text += ", the selected threads only";
  text += "\n";
  appendf(text, "  CPU time             %.3f s", report.cpu_seconds);
  if (report.wall_mode) appendf(text, " running, %.3f s waiting (sleep, I/O)", report.waiting_seconds);
  text += "\n";
  appendf(text, "  average parallelism  %.2f threads on CPU\n", report.average_parallelism);
  appendf(text, "  serial time          %.3f s: %.2f of the wall time had fewer than 1.5 threads busy\n",
          report.serial_seconds, report.serial_fraction);
  text += "  ceiling              " + speedupList(report.speedup_ceiling) + "\n";
  appendf(text, "                       if every serial second were spread over N cores (this machine: %u)\n",
          report.machine_cores);
  if (report.gil.known) {
    appendf(text, "  GIL                  held %.0f%% of the wall time (%.3f s)", 100 * report.gil.held_share,
            report.gil.held_seconds);
    if (report.gil.wait_seconds) appendf(text, "; threads waited %.3f s to take it", *report.gil.wait_seconds);
    text += "\n";
  }
  if (!report.warning.empty()) text += "  warning: " + report.warning + "\n";
  appendCandidates(text, report, frames);
  appendTable(text, "\nFunctions inside the candidates, ranked the same way (in: the candidate's #)\n",
              report.functions, frames);
  appendTable(text, "\nSource lines inside the candidates, ranked the same way\n", report.lines, frames);
  return text;
}

ordered_json adviceToJson(const ParallelismReport& report, const analysis::FrameIndex& frames) {
  ordered_json out = {{"mode", report.wall_mode ? "wall" : "cpu"},
                      {"cores", report.machine_cores},
                      {"from_seconds", report.from_seconds},
                      {"to_seconds", report.to_seconds},
                      {"wall_seconds", report.wall_seconds},
                      {"cpu_seconds", report.cpu_seconds},
                      {"waiting_seconds", report.waiting_seconds},
                      {"average_parallelism", report.average_parallelism},
                      {"serial_fraction", report.serial_fraction},
                      {"serial_seconds", report.serial_seconds},
                      {"speedup_ceiling", speedups(report.speedup_ceiling)}};
  if (report.gil.known) {
    out["gil"] = {{"held_seconds", report.gil.held_seconds},
                  {"held_share", report.gil.held_share},
                  {"wait_seconds", report.gil.wait_seconds ? ordered_json(*report.gil.wait_seconds) : ordered_json()}};
  } else {
    out["gil"] = nullptr;
  }
  if (!report.warning.empty()) out["warning"] = report.warning;
  out["candidates"] = candidatesJson(report.candidates, frames);
  out["functions"] = rowsJson(report.functions, frames);
  out["lines"] = rowsJson(report.lines, frames);
  return out;
}

}  // namespace pprof::render

#include "render/table_render.h"

#include <ctime>

#include "analysis/function_label.h"
#include "render/text_format.h"

namespace pprof::render {
namespace {

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kHot = "\x1b[33m";  // yellow: rows with a large share of self time
constexpr const char* kReset = "\x1b[0m";
constexpr double kHotPercent = 10.0;
constexpr size_t kColumnsWidth = 62;  // everything before the label

// pstats' title: "Sat Nov 21 21:02:59 2026    out.prof" (here in UTC, from the run's start).
void appendTitle(std::string& out, const analysis::RunSummary& run, const std::vector<std::string>& sources) {
  for (size_t i = 0; i < sources.size(); ++i) {
    if (i == 0 && run.start_realtime_ns != 0) {
      std::time_t seconds = static_cast<std::time_t>(run.start_realtime_ns / 1000000000ull);
      std::tm utc{};
      char date[64];
      if (gmtime_r(&seconds, &utc) && std::strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y UTC", &utc)) {
        out += date;
        out += "    ";
      }
    }
    out += sources[i] + "\n";
  }
  if (!sources.empty()) out += "\n";
}

void appendSampledTotals(std::string& out, const analysis::RunSummary& run) {
  const char* indent = "         ";
  appendf(out, "%s%llu samples in %.3f CPU seconds over %.3f wall seconds, %llu threads, %llu processes\n",
          indent, static_cast<unsigned long long>(run.samples), run.cpu_seconds, run.wall_seconds,
          static_cast<unsigned long long>(run.threads), static_cast<unsigned long long>(run.processes));
  appendf(out, "%ssampled at %u Hz (%s mode%s%s); ncalls = samples with the function on the stack\n",
          indent, run.frequency_hz, run.mode.empty() ? "unknown" : run.mode.c_str(),
          run.clock.empty() ? "" : ", ", run.clock.c_str());
  if (run.lost_samples != 0 || run.truncated_stacks != 0) {
    appendf(out, "%swarning: %llu lost samples, %llu truncated stacks\n", indent,
            static_cast<unsigned long long>(run.lost_samples),
            static_cast<unsigned long long>(run.truncated_stacks));
  }
  if (!run.complete) out += std::string(indent) + "warning: incomplete profile (the recording ended early)\n";
}

void appendPython(std::string& out, const python::PythonSummary& summary) {
  for (const std::string& line : python::pythonHeaderLines(summary)) out += "         " + line + "\n";
}

// pstats: "         N function calls (M primitive calls) in X seconds".
void appendCallTotals(std::string& out, const analysis::CallStatsTotals& totals) {
  appendf(out, "         %llu function calls ", static_cast<unsigned long long>(totals.calls));
  if (totals.calls != totals.primitive_calls)
    appendf(out, "(%llu primitive calls) ", static_cast<unsigned long long>(totals.primitive_calls));
  appendf(out, "in %.3f seconds\n", totals.self_seconds);
}

void appendRow(std::string& out, const analysis::FunctionStats& fn, const TableOptions& options) {
  const bool hot = options.color && fn.self_percent >= kHotPercent;
  if (hot) out += kHot;
  appendPstatsColumns(out, fn);
  appendf(out, "%7.2f %7.2f ", fn.self_percent, fn.total_percent);
  out += options.width > kColumnsWidth ? fitLeft(fn.label, options.width - kColumnsWidth) : fn.label;
  if (hot) out += kReset;
  out += '\n';
}

}  // namespace

std::string fitLeft(const std::string& text, size_t width) {
  const size_t length = analysis::displayLength(text);
  if (width == 0 || length <= width) return text;
  // Skip (length - width + 1) characters, then put the ellipsis in their place.
  size_t skip = length - width + 1, pos = 0;
  while (skip > 0 && pos < text.size()) {
    ++pos;
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xc0) == 0x80) ++pos;
    --skip;
  }
  return "\xe2\x80\xa6" + text.substr(pos);
}

std::string renderHeader(const analysis::StatsReport& report, const TableOptions& options) {
  std::string out;
  appendTitle(out, report.run, options.sources);
  if (report.deterministic) appendCallTotals(out, report.call_totals);
  else appendSampledTotals(out, report.run);
  if (report.python) appendPython(out, *report.python);
  out += "\n";
  return out;
}

std::string renderTable(const analysis::StatsReport& report, const TableOptions& options) {
  std::string out = renderHeader(report, options);
  if (report.functions.empty()) return out;  // pstats prints nothing more then
  appendOrderNotes(out, report.ordered_by, report.notes);
  const char* header = "   ncalls  tottime  percall  cumtime  percall   self%  total% filename:lineno(function)";
  if (options.color) out += std::string(kBold) + header + kReset + "\n";
  else out += std::string(header) + "\n";
  for (const auto& fn : report.functions) appendRow(out, fn, options);
  out += "\n\n";
  return out;
}

}  // namespace pprof::render

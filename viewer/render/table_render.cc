#include "render/table_render.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <ctime>

namespace pprof::render {
namespace {

void appendf(std::string& out, const char* format, ...) __attribute__((format(printf, 2, 3)));
void appendf(std::string& out, const char* format, ...) {
  char buffer[512];
  va_list args;
  va_start(args, format);
  int n = std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  if (n > 0) out.append(buffer, std::min<size_t>(static_cast<size_t>(n), sizeof buffer - 1));
}

// pstats' title: "Sat Nov 21 21:02:59 2026    out.prof" (here in UTC).
void appendTitle(std::string& out, const analysis::RunSummary& run, const std::string& source) {
  if (run.start_realtime_ns != 0) {
    std::time_t seconds = static_cast<std::time_t>(run.start_realtime_ns / 1000000000ull);
    std::tm utc{};
    char date[64];
    if (gmtime_r(&seconds, &utc) && std::strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y UTC", &utc)) {
      out += date;
      out += "    ";
    }
  }
  out += source;
  out += "\n\n";
}

void appendTotals(std::string& out, const analysis::RunSummary& run) {
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
  out += "\n";
}

void appendRow(std::string& out, const analysis::FunctionStats& fn) {
  const uint64_t ncalls = fn.calls.value_or(fn.total_samples);
  std::string count = std::to_string(ncalls);
  if (fn.primitive_calls && *fn.primitive_calls != ncalls) count += "/" + std::to_string(*fn.primitive_calls);
  const uint64_t per_total = fn.primitive_calls.value_or(ncalls);
  appendf(out, "%9s %8.3f ", count.c_str(), fn.self_seconds);
  if (ncalls == 0) appendf(out, "%8s ", ""); else appendf(out, "%8.3f ", fn.self_seconds / ncalls);
  appendf(out, "%8.3f ", fn.total_seconds);
  if (per_total == 0) appendf(out, "%8s ", ""); else appendf(out, "%8.3f ", fn.total_seconds / per_total);
  appendf(out, "%7.2f %7.2f ", fn.self_percent, fn.total_percent);
  out += functionLabel(fn);
  out += '\n';
}

}  // namespace

std::string functionLabel(const analysis::FunctionStats& fn) {
  const std::string& where = !fn.file.empty() ? fn.file : !fn.module.empty() ? fn.module : "~";
  return where + ":" + std::to_string(fn.line) + "(" + fn.name + ")";
}

std::string renderTable(const analysis::StatsReport& report, const TableOptions& options) {
  std::string out;
  appendTitle(out, report.run, options.source_name);
  appendTotals(out, report.run);
  out += "   Ordered by: " + analysis::sortKeyDescription(report.query.sort) + "\n";
  if (report.functions.size() < report.functions_before_limit && report.query.top) {
    appendf(out, "   List reduced from %zu to %zu due to restriction <%zu>\n",
            report.functions_before_limit, report.functions.size(), *report.query.top);
  }
  out += "\n";
  if (!report.functions.empty()) {
    out += "   ncalls  tottime  percall  cumtime  percall   self%  total% filename:lineno(function)\n";
    for (const auto& fn : report.functions) appendRow(out, fn);
    out += "\n\n";
  }
  return out;
}

}  // namespace pprof::render

#include "render/text_format.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "analysis/function_label.h"

namespace pprof::render {

void appendf(std::string& out, const char* format, ...) {
  char buffer[512];
  va_list args;
  va_start(args, format);
  int n = std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  if (n > 0) out.append(buffer, std::min<size_t>(static_cast<size_t>(n), sizeof buffer - 1));
}

void appendPstatsColumns(std::string& out, const analysis::FunctionStats& fn) {
  const uint64_t nc = fn.calls.value_or(fn.total_samples);
  const uint64_t cc = fn.primitive_calls.value_or(nc);
  std::string count = std::to_string(nc);
  if (cc != nc) count += "/" + std::to_string(cc);
  appendf(out, "%9s %8.3f ", count.c_str(), fn.self_seconds);
  if (nc == 0) appendf(out, "%8s ", ""); else appendf(out, "%8.3f ", fn.self_seconds / static_cast<double>(nc));
  appendf(out, "%8.3f ", fn.total_seconds);
  if (cc == 0) appendf(out, "%8s ", ""); else appendf(out, "%8.3f ", fn.total_seconds / static_cast<double>(cc));
}

void appendOrderNotes(std::string& out, const std::string& ordered_by, const std::vector<std::string>& notes) {
  out += "   Ordered by: " + ordered_by + "\n";
  for (const std::string& note : notes) out += note + "\n";
  out += "\n";
}

std::string padRight(const std::string& text, size_t width) {
  const size_t length = analysis::displayLength(text);
  return length >= width ? text : text + std::string(width - length, ' ');
}

}  // namespace pprof::render

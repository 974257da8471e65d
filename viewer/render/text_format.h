// Small text helpers shared by the pstats-style renderers: printf appending, pstats' number
// columns and the "Ordered by" block, so every listing formats numbers exactly as pstats does.
#pragma once

#include <string>
#include <vector>

#include "analysis/function_table.h"

namespace pprof::render {

void appendf(std::string& out, const char* format, ...) __attribute__((format(printf, 2, 3)));

// pstats' print_line without the label: "%9s %8.3f %8.3f %8.3f %8.3f " with nc/cc, blank
// percall columns when a divisor is 0. Sampled rows use the sample count as ncalls.
void appendPstatsColumns(std::string& out, const analysis::FunctionStats& fn);

// "   Ordered by: KEYS\n", the "List reduced" lines, then the blank line pstats prints.
void appendOrderNotes(std::string& out, const std::string& ordered_by, const std::vector<std::string>& notes);

// `text` padded with spaces to `width` characters (UTF-8 aware, like Python's str.ljust).
std::string padRight(const std::string& text, size_t width);

}  // namespace pprof::render

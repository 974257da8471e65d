// How pstats spells a function: "file:line(name)", and for built-ins recorded by cProfile as
// ("~", 0, "<built-in method len>") the name alone in braces, "{built-in method len}" (pstats'
// func_std_string). This label is what --filter matches and what the `stdname` key sorts by.
#pragma once

#include <cstddef>
#include <string>

namespace pprof::analysis {

// `where` is the file, or for a sampled function without a source file its module's basename
// ("~" when neither is known).
std::string pstatsLabel(const std::string& where, uint32_t line, const std::string& name);

// That `where`: `file`, else the basename of `module_path`, else "~".
std::string labelWhere(const std::string& file, const std::string& module_path);

// Length in characters (UTF-8 code points), as Python's len() counts the label for widths.
size_t displayLength(const std::string& text);

}  // namespace pprof::analysis

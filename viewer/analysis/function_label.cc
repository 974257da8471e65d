#include "analysis/function_label.h"

#include "analysis/frame_index.h"

namespace pprof::analysis {

std::string pstatsLabel(const std::string& where, uint32_t line, const std::string& name) {
  if (where == "~" && line == 0) {
    if (name.size() >= 2 && name.front() == '<' && name.back() == '>')
      return "{" + name.substr(1, name.size() - 2) + "}";
    return name;
  }
  return where + ":" + std::to_string(line) + "(" + name + ")";
}

std::string labelWhere(const std::string& file, const std::string& module_path) {
  if (!file.empty()) return file;
  std::string module = pathBasename(module_path);
  return module.empty() ? "~" : module;
}

size_t displayLength(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

}  // namespace pprof::analysis

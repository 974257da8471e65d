// Whole-file read and write for tests (fixtures, goldens, a program's captured output). A file
// that cannot be read reads as "", so the comparison that follows fails and names the path.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace pprof::testing {

inline std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

inline void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace pprof::testing

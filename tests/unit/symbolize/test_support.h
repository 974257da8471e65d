// Helpers for the symbolizer tests: find fixture functions in an ELF symbol table (read
// independently of the code under test, with libelf), find source lines by MARK comments,
// and a temporary directory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pprof::testing {

struct ElfFunction {
  uint64_t address = 0;  // ELF virtual address
  uint64_t size = 0;
  std::string name;      // as in .symtab (mangled)
  bool local = false;    // STB_LOCAL (a static function)
  bool dynamic = false;  // listed in .dynsym
};

// Every defined STT_FUNC symbol of `elf_path`'s .symtab and .dynsym (both, when both exist).
std::vector<ElfFunction> allFunctions(const std::string& elf_path);

// A function of `elf_path`'s .symtab or .dynsym whose demangled name is `demangled`.
std::optional<ElfFunction> findFunction(const std::string& elf_path, const std::string& demangled);

// Lowercase hex GNU build-id, "" if none.
std::string buildIdOf(const std::string& elf_path);

// 1-based line of the first line containing "MARK:<marker>", 0 if absent.
uint32_t markerLine(const std::string& source_path, const std::string& marker);

std::string baseName(const std::string& path);

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace pprof::testing

#include "test_support.h"

#include <cxxabi.h>
#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace pprof::testing {
namespace {

std::string demangled(const char* name) {
  int status = 0;
  char* out = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  if (out == nullptr) return name;
  std::string result(out);
  std::free(out);
  return result;
}

// Calls visit(elf) with the opened file; returns false if it cannot be read.
template <typename Visit>
bool withElf(const std::string& path, Visit visit) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  elf_version(EV_CURRENT);
  Elf* elf = elf_begin(fd, ELF_C_READ, nullptr);
  if (elf != nullptr) {
    visit(elf);
    elf_end(elf);
  }
  close(fd);
  return elf != nullptr;
}

}  // namespace

std::vector<ElfFunction> allFunctions(const std::string& elf_path) {
  std::vector<ElfFunction> out;
  withElf(elf_path, [&](Elf* elf) {
    for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
      GElf_Shdr shdr;
      if (gelf_getshdr(scn, &shdr) == nullptr) continue;
      if (shdr.sh_type != SHT_SYMTAB && shdr.sh_type != SHT_DYNSYM) continue;
      Elf_Data* data = elf_getdata(scn, nullptr);
      size_t count = shdr.sh_entsize ? shdr.sh_size / shdr.sh_entsize : 0;
      for (size_t i = 0; i < count; ++i) {
        GElf_Sym sym;
        if (gelf_getsym(data, static_cast<int>(i), &sym) == nullptr) continue;
        if (GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF) continue;
        const char* name = elf_strptr(elf, shdr.sh_link, sym.st_name);
        if (name == nullptr) continue;
        out.push_back(ElfFunction{sym.st_value, sym.st_size, name, GELF_ST_BIND(sym.st_info) == STB_LOCAL,
                                  shdr.sh_type == SHT_DYNSYM});
      }
    }
  });
  return out;
}

std::optional<ElfFunction> findFunction(const std::string& elf_path, const std::string& wanted) {
  for (const ElfFunction& f : allFunctions(elf_path)) {
    if (demangled(f.name.c_str()) == wanted) return f;
  }
  return std::nullopt;
}

std::string buildIdOf(const std::string& elf_path) {
  std::string hex;
  withElf(elf_path, [&](Elf* elf) {
    const void* bits = nullptr;
    ssize_t size = dwelf_elf_gnu_build_id(elf, &bits);
    static const char kDigits[] = "0123456789abcdef";
    for (ssize_t i = 0; i < size; ++i) {
      unsigned char byte = static_cast<const unsigned char*>(bits)[i];
      hex += kDigits[byte >> 4];
      hex += kDigits[byte & 0xf];
    }
  });
  return hex;
}

uint32_t markerLine(const std::string& source_path, const std::string& marker) {
  std::ifstream in(source_path);
  std::string line;
  for (uint32_t number = 1; std::getline(in, line); ++number) {
    if (line.find("MARK:" + marker) != std::string::npos) return number;
  }
  return 0;
}

std::string baseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "pprof-symbolize-XXXXXX").string();
  if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

}  // namespace pprof::testing

#include "symbolize/module_file.h"

#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>

#include "symbolize/vdso_image.h"

namespace pprof::symbolize {
namespace {

std::string toHex(const unsigned char* bytes, size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    hex += kDigits[bytes[i] >> 4];
    hex += kDigits[bytes[i] & 0xf];
  }
  return hex;
}

std::string debugFileByBuildId(const std::string& build_id, const std::vector<std::string>& dirs) {
  if (build_id.size() < 3) return "";
  for (const std::string& dir : dirs) {
    std::string candidate =
        dir + "/.build-id/" + build_id.substr(0, 2) + "/" + build_id.substr(2) + ".debug";
    if (access(candidate.c_str(), R_OK) == 0) return candidate;
  }
  return "";
}

Status openError(const std::string& path, int err) { return Status::fromErrno("open " + path, err); }

}  // namespace

std::vector<std::string> absoluteDebugDirs(const std::string& debuginfo_path) {
  std::vector<std::string> dirs;
  std::stringstream elements(debuginfo_path);
  std::string element;
  while (std::getline(elements, element, ':')) {
    if (!element.empty() && (element[0] == '+' || element[0] == '-')) element.erase(0, 1);
    if (!element.empty() && element[0] == '/') dirs.push_back(element);
  }
  return dirs;
}

Result<std::string> readBuildId(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return openError(path, errno);
  elf_version(EV_CURRENT);
  Elf* elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  if (elf == nullptr || elf_kind(elf) != ELF_K_ELF) {
    if (elf != nullptr) elf_end(elf);
    close(fd);
    return Status::error(path + ": not an ELF file");
  }
  const void* bits = nullptr;
  ssize_t size = dwelf_elf_gnu_build_id(elf, &bits);
  std::string hex = size > 0 ? toHex(static_cast<const unsigned char*>(bits), size) : "";
  elf_end(elf);
  close(fd);
  return hex;
}

Result<std::string> locateModuleFile(const ModuleRef& module,
                                     const std::vector<std::string>& debug_dirs) {
  if (module.path == kVdsoModuleName) {
    Result<std::string> image = vdsoImageFile();
    if (!image) return image;
    Result<std::string> id = readBuildId(image.value());
    if (id && !module.build_id.empty() && id.value() != module.build_id) {
      return Status::error("[vdso]: the profile was recorded under another kernel's vDSO");
    }
    return image;
  }
  Result<std::string> on_disk = readBuildId(module.path);
  if (on_disk && (module.build_id.empty() || on_disk.value() == module.build_id)) {
    return module.path;
  }
  std::string debug_file = debugFileByBuildId(module.build_id, debug_dirs);
  if (!debug_file.empty()) return debug_file;
  if (!on_disk) return on_disk.status();
  return Status::error(module.path + ": build-id " + on_disk.value() +
                       " differs from the profiled " + module.build_id +
                       " (file replaced since the run)");
}

}  // namespace pprof::symbolize

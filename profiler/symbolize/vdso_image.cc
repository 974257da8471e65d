#include "symbolize/vdso_image.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace pprof::symbolize {
namespace {

// Removes the copy when the process ends.
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) unlink(path.c_str());
  }
};

// Bytes from the ELF header to the end of whichever comes last: segments or section headers.
size_t imageSize(const Elf64_Ehdr* ehdr) {
  size_t size = ehdr->e_shoff + static_cast<size_t>(ehdr->e_shnum) * ehdr->e_shentsize;
  const auto* phdrs = reinterpret_cast<const Elf64_Phdr*>(reinterpret_cast<const char*>(ehdr) + ehdr->e_phoff);
  for (int i = 0; i < ehdr->e_phnum; ++i) {
    if (phdrs[i].p_type == PT_LOAD) size = std::max<size_t>(size, phdrs[i].p_offset + phdrs[i].p_filesz);
  }
  return size;
}

}  // namespace

Result<std::string> vdsoImageFile() {
  static TempFile file;
  if (!file.path.empty()) return file.path;
  const auto* ehdr = reinterpret_cast<const Elf64_Ehdr*>(getauxval(AT_SYSINFO_EHDR));
  if (ehdr == nullptr) return Status::error("[vdso]: this process has no vDSO to read symbols from");
  char path[] = "/tmp/pprof-vdso-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return Status::fromErrno("create /tmp/pprof-vdso-XXXXXX", errno);
  const size_t size = imageSize(ehdr);
  const char* bytes = reinterpret_cast<const char*>(ehdr);
  size_t written = 0;
  while (written < size) {
    const ssize_t n = write(fd, bytes + written, size - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      close(fd);
      unlink(path);
      return Status::fromErrno(std::string("write ") + path, err);
    }
    written += static_cast<size_t>(n);
  }
  close(fd);
  file.path = path;
  return file.path;
}

}  // namespace pprof::symbolize

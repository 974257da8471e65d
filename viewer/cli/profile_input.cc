#include "cli/profile_input.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/merge_profiles.h"
#include "formats/detect.h"

namespace pprof::cli {
namespace {

Status readError(const std::string& path, int err) {
  return Status::error("cannot read '" + path + "': " + std::strerror(err));
}

}  // namespace

Result<std::string> readWholeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return readError(path, errno);
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return readError(path, EISDIR);
  }
  std::string bytes;
  if (st.st_size > 0) bytes.reserve(static_cast<size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return readError(path, err);
    }
    if (n == 0) break;
    bytes.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return bytes;
}

Result<Profile> loadProfile(const std::string& path) {
  Result<std::string> bytes = readWholeFile(path);
  if (!bytes) return bytes.status();
  // Every writer puts the header out at once, so an empty file was never a profile.
  if (bytes.value().empty()) return Status::error(path + ": empty file, not a profile");
  return formats::parseAnyProfile(bytes.value(), path);  // validated there
}

Result<Profile> loadProfiles(const std::vector<std::string>& paths) {
  std::vector<Profile> profiles;
  for (const std::string& path : paths) {
    Result<Profile> profile = loadProfile(path);
    if (!profile) return profile.status();
    profiles.push_back(std::move(profile).value());
  }
  return analysis::mergeProfiles(std::move(profiles));
}

}  // namespace pprof::cli

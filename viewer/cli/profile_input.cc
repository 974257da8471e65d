#include "cli/profile_input.h"

#include <cstring>

#include "analysis/merge_profiles.h"
#include "common/file_io.h"
#include "formats/detect.h"

namespace pprof::cli {
namespace {

Status readError(const std::string& path, int err) {
  return Status::error("cannot read '" + path + "': " + std::strerror(err));
}

}  // namespace

Result<std::string> readWholeFile(const std::string& path) {
  int err = 0;
  Result<std::string> bytes = readFile(path, &err);
  if (!bytes) return readError(path, err);
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

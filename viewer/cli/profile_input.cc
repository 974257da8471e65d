#include "cli/profile_input.h"

#include <algorithm>
#include <cstring>
#include <filesystem>

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

Result<std::vector<std::string>> expandDirectories(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> inside;
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
      const std::string name = entry.path().filename().string();
      if (!name.empty() && name[0] != '.' && entry.is_regular_file(error)) inside.push_back(entry.path().string());
    }
    if (error) return Status::error("cannot read directory '" + path + "': " + error.message());
    if (inside.empty()) return Status::error("'" + path + "': a directory without profiles");
    std::sort(inside.begin(), inside.end());
    files.insert(files.end(), inside.begin(), inside.end());
  }
  return files;
}

Result<Profile> loadProfiles(const std::vector<std::string>& paths) {
  Result<std::vector<std::string>> files = expandDirectories(paths);
  if (!files) return files.status();
  std::vector<Profile> profiles;
  for (const std::string& path : files.value()) {
    Result<Profile> profile = loadProfile(path);
    if (!profile) return profile.status();
    profiles.push_back(std::move(profile).value());
  }
  return analysis::mergeProfiles(std::move(profiles));
}

}  // namespace pprof::cli

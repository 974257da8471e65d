// Loads profile files for the viewer tools: reads the bytes, parses them with the reader their
// content calls for (formats/detect.h: out.prof, pprof, cProfile, collapsed, perf script) and
// checks the model's invariants, so the analysis only ever sees a valid Profile. Several files
// are merged into one (analysis/merge_profiles.h), like pstats.Stats.add.
// Errors are one line: "cannot read 'x.prof': No such file or directory", or the reader's own
// message ("x.prof: marshal: truncated string at offset 12").
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "format/profile.h"

namespace pprof::cli {

Result<std::string> readWholeFile(const std::string& path);

Result<Profile> loadProfile(const std::string& path);

// A directory among `paths` stands for every regular file in it (not hidden ones), in name
// order: `pprof-stats prof/` reads every worker's profile of a job.
Result<std::vector<std::string>> expandDirectories(const std::vector<std::string>& paths);

Result<Profile> loadProfiles(const std::vector<std::string>& paths);

}  // namespace pprof::cli

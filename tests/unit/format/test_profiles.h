// Profiles and file helpers shared by the format unit tests. writeThroughWriter replays a
// Profile through ProfWriter the way the collector does (meta rewritten, processes and threads
// added early then updated, symbols appended last), so reading the file back must give the
// same Profile with meta.complete set.
#pragma once

#include <string>

#include "format/prof_file.h"
#include "format/profile.h"
#include "support/file_bytes.h"

namespace pprof::testing {

// A few of everything, with awkward values: kNone references, inline chains, negative and
// huge timestamps deltas, quotes and control characters in strings.
Profile richProfile();
// Small enough to truncate or corrupt at every byte.
Profile smallProfile();

// A fresh path under the test temp dir, unique per test.
std::string tempPath(const std::string& leaf);

// Writes `profile` to `path` through ProfWriter; finish=false leaves it without an end record.
Status writeThroughWriter(const Profile& profile, const std::string& path, bool finish = true);
// Same, returning the file's bytes (aborts the test on failure via the returned empty string).
std::string encode(const Profile& profile, bool finish = true);

// EXPECTs equal dumpText output, reporting the first differing line (gtest's own diff of two
// large dumps takes minutes).
void expectSameDump(const Profile& actual, const Profile& expected);

}  // namespace pprof::testing

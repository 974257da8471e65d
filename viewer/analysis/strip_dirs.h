// --strip-dirs: pstats' strip_dirs() on the profile model. Source files and module paths lose
// their directories, so functions that then look alike (same name, file, line, module) become
// one row in every table, with their numbers added (pstats' semantics, see call_stats_table.h).
#pragma once

#include "format/profile.h"

namespace pprof::analysis {

void stripDirectories(Profile& profile);

}  // namespace pprof::analysis

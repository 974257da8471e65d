// `pprof-stats --advise`: the parallelism analysis of a loaded profile, for this machine's core
// count, rendered as text or JSON (render/advice_render.h).
#pragma once

#include <string>

#include "format/profile.h"

namespace pprof::cli {

std::string adviceReport(const Profile& profile, bool json);

}  // namespace pprof::cli

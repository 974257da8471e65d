// speedscope export (https://www.speedscope.app/file-format-schema.json): shared frames (one per
// function, or per unsymbolized location) and one "sampled" profile per thread with samples in
// time order, so speedscope's "time order" view is a per-thread timeline.
//
// Sample stacks are frame indexes ROOT first with inline frames expanded; weights are in
// nanoseconds (weight * period), or unit "none" when the period is unknown. Each profile's
// endValue - startValue equals the sum of its weights, which is what speedscope expects.
#pragma once

#include <string>

#include "format/profile.h"

namespace pprof::formats {

// `name` becomes the file's "name" (shown as the title), e.g. the input file name.
std::string encodeSpeedscope(const Profile& profile, const std::string& name);

}  // namespace pprof::formats

// Merging several profiles into one, as pstats.Stats.add does for cProfile dumps: e.g. all runs
// of a benchmark read as one. Pure: every record of every input is appended with its ids
// remapped (processes, threads, modules, functions, locations, stacks, samples, call
// statistics); equal functions are not deduplicated here because the analysis identifies
// functions by content (frame_index.h), so they become one row anyway.
//
// Weights stay exact: when the inputs' periods differ, every weight is rescaled to the
// greatest common divisor of the periods (an error if a weight would overflow 32 bits).
// Inputs with an unknown period (0) keep their weights unscaled. Meta: the first input's
// producer, mode, clock and command; durations, lost samples and truncated stacks add up (runs
// are taken as back to back); the earliest start; complete only if every input is.
#pragma once

#include <vector>

#include "common/result.h"
#include "format/profile.h"

namespace pprof::analysis {

// One input is returned unchanged; none gives an empty profile.
Result<Profile> mergeProfiles(std::vector<Profile> inputs);

}  // namespace pprof::analysis

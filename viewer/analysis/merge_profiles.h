// Merging several profiles into one, as pstats.Stats.add does for cProfile dumps: e.g. all runs
// of a benchmark read as one. Pure: every record of every input is appended with its ids
// remapped (processes, threads, modules, functions, locations, stacks, samples, call
// statistics); equal functions are not deduplicated here because the analysis identifies
// functions by content (frame_index.h), so they become one row anyway.
//
// Weights stay exact: when the inputs' periods differ, every weight is rescaled to the
// greatest common divisor of the periods (an error if a weight would overflow 32 bits).
// Inputs with an unknown period (0) keep their weights unscaled. Meta: the first input's
// producer, mode, clock and command; lost samples and truncated stacks add up; the earliest
// start; complete only if every input is; the host when all share one (each process keeps its
// input's host either way, Process::host).
//
// Time: inputs recorded with wall-clock starts and sample timestamps (pprof-run, the
// environment mode, pprof-collect: the workers of one job on several hosts) are put on one time
// axis, each shifted by its start's distance from the earliest start, so the timeline and the
// advisor see them as they ran, concurrently or one after another; the duration is the first
// start to the last end. Other inputs keep their times and their durations add up (runs taken
// as back to back).
#pragma once

#include <vector>

#include "common/result.h"
#include "format/profile.h"

namespace pprof::analysis {

// One input is returned unchanged; none gives an empty profile.
Result<Profile> mergeProfiles(std::vector<Profile> inputs);

}  // namespace pprof::analysis

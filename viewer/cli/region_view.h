// pprof-stats and regions (named time ranges marked with the profiler API, Profile::regions):
// a per-name summary for the table header, every range for the JSON output, and --region NAME,
// which keeps only the samples taken while a region of that name was open. A region is a range
// of the run's timeline, so it selects the samples of every thread and process in it, not only
// those of the thread that marked it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "format/profile.h"

namespace pprof::cli {

struct RegionTotals {
  std::string name;
  uint64_t count = 0;       // ranges with this name
  uint64_t wall_ns = 0;     // their summed length (nested or overlapping ones counted each)
};

// One entry per distinct name, in order of first start.
std::vector<RegionTotals> regionTotals(const Profile& profile);

// Drops every sample outside the ranges named `name`. Error when no region has that name:
// "--region: no region named 'x' (regions: load, report)".
Status keepRegionSamples(Profile& profile, const std::string& name);

// Header lines for the table ("" when there is nothing to say), each indented like the totals.
std::string regionHeaderLines(const Profile& profile, const std::string& selected);

// "regions": every range as {"name", "pid", "tid", "thread", "start_seconds", "end_seconds",
// "seconds"}, in start order; seconds are relative to the run's start.
nlohmann::ordered_json regionsJson(const Profile& profile);

}  // namespace pprof::cli

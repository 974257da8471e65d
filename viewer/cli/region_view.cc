#include "cli/region_view.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace pprof::cli {
namespace {

constexpr const char* kIndent = "         ";
constexpr size_t kMaxNamesInHeader = 8;

// Region indexes ordered by start (then end, then name), so output does not depend on the order
// in which regions ended.
std::vector<size_t> byStart(const Profile& profile) {
  std::vector<size_t> order(profile.regions.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Region& x = profile.regions[a];
    const Region& y = profile.regions[b];
    return std::tie(x.start_ns, x.end_ns, x.name) < std::tie(y.start_ns, y.end_ns, y.name);
  });
  return order;
}

double seconds(uint64_t ns) { return static_cast<double>(ns) / 1e9; }

std::string formatSeconds(uint64_t ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f s", seconds(ns));
  return text;
}

}  // namespace

std::vector<RegionTotals> regionTotals(const Profile& profile) {
  std::vector<RegionTotals> totals;
  std::unordered_map<std::string, size_t> index;
  for (size_t i : byStart(profile)) {
    const Region& region = profile.regions[i];
    auto [it, inserted] = index.try_emplace(region.name, totals.size());
    if (inserted) totals.push_back(RegionTotals{region.name, 0, 0});
    RegionTotals& entry = totals[it->second];
    ++entry.count;
    entry.wall_ns += region.end_ns - region.start_ns;
  }
  return totals;
}

Status keepRegionSamples(Profile& profile, const std::string& name) {
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (const Region& region : profile.regions) {
    if (region.name == name) ranges.emplace_back(region.start_ns, region.end_ns);
  }
  if (ranges.empty()) {
    std::string known;
    for (const RegionTotals& t : regionTotals(profile)) known += (known.empty() ? "" : ", ") + t.name;
    return Status::error("--region: no region named '" + name + "'" +
                         (known.empty() ? " (the profile has no regions)" : " (regions: " + known + ")"));
  }
  // Merged into disjoint ranges sorted by start, so each sample is one binary search.
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<uint64_t, uint64_t>> merged;
  for (const auto& range : ranges) {
    if (!merged.empty() && range.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  auto inside = [&](uint64_t t) {
    auto it = std::upper_bound(merged.begin(), merged.end(), t,
                               [](uint64_t value, const auto& range) { return value < range.first; });
    return it != merged.begin() && t < std::prev(it)->second;
  };
  std::erase_if(profile.samples, [&](const Sample& s) { return !inside(s.timestamp_ns); });
  return Status::ok();
}

std::string regionHeaderLines(const Profile& profile, const std::string& selected) {
  std::string out;
  if (profile.meta.regions_only) {
    out += std::string(kIndent) + "sampled only while a region was open (regions-only mode)\n";
  }
  std::vector<RegionTotals> totals = regionTotals(profile);
  if (totals.empty()) return out;
  std::string list;
  for (size_t i = 0; i < totals.size() && i < kMaxNamesInHeader; ++i) {
    const RegionTotals& t = totals[i];
    list += (i ? ", " : "") + t.name + " " + formatSeconds(t.wall_ns);
    if (t.count > 1) list += " (" + std::to_string(t.count) + "x)";
  }
  if (totals.size() > kMaxNamesInHeader) {
    list += ", ... (" + std::to_string(totals.size() - kMaxNamesInHeader) + " more names; see --format json)";
  }
  out += std::string(kIndent) + "regions (wall time): " + list + "\n";
  if (!selected.empty()) out += std::string(kIndent) + "only samples taken inside region '" + selected + "'\n";
  return out;
}

nlohmann::ordered_json regionsJson(const Profile& profile) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (size_t i : byStart(profile)) {
    const Region& region = profile.regions[i];
    const Thread* thread = region.thread < profile.threads.size() ? &profile.threads[region.thread] : nullptr;
    const Process* process =
        thread && thread->process < profile.processes.size() ? &profile.processes[thread->process] : nullptr;
    out.push_back(nlohmann::ordered_json{{"name", region.name},
                                         {"pid", process ? process->pid : 0},
                                         {"tid", thread ? thread->tid : 0},
                                         {"thread", thread ? thread->name : ""},
                                         {"start_seconds", seconds(region.start_ns)},
                                         {"end_seconds", seconds(region.end_ns)},
                                         {"seconds", seconds(region.end_ns - region.start_ns)}});
  }
  return out;
}

}  // namespace pprof::cli

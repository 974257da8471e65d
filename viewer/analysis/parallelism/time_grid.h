// The advisor's time bins over the analysed window [origin, origin + length) of a run.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace pprof::analysis::parallel {

struct TimeGrid {
  uint64_t origin_ns = 0;  // the window's start, relative to the run's start
  uint64_t length_ns = 0;  // the window's wall time
  uint64_t bin_ns = 0;
  size_t bins = 0;

  double binLength(size_t bin) const {
    return static_cast<double>(std::min(bin_ns, length_ns - bin * bin_ns));
  }
  // The bin holding the last nanosecond of a sample reported at `timestamp_ns` (run relative).
  size_t binOf(uint64_t timestamp_ns) const {
    const uint64_t end = std::clamp<uint64_t>(timestamp_ns, origin_ns + 1, origin_ns + length_ns) - origin_ns;
    return std::min(bins - 1, static_cast<size_t>((end - 1) / bin_ns));
  }
  // Calls add(bin, ns) for each bin the interval [end - length, end) overlaps, `end` run
  // relative; the parts outside the window are dropped.
  template <typename Add>
  void spread(uint64_t end, uint64_t length, Add&& add) const {
    if (end <= origin_ns) return;
    end = std::min(end - origin_ns, length_ns);
    const uint64_t begin = end > length ? end - length : 0;
    if (end <= begin) return;
    for (size_t bin = begin / bin_ns; bin < bins && bin * bin_ns < end; ++bin) {
      const uint64_t lo = std::max<uint64_t>(begin, bin * bin_ns);
      const uint64_t hi = std::min<uint64_t>(end, (bin + 1) * bin_ns);
      if (hi > lo) add(bin, static_cast<double>(hi - lo));
    }
  }
};

}  // namespace pprof::analysis::parallel

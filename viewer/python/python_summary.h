// What a profile says about Python as a whole, for headers and JSON meta: the CPython versions
// seen, how many processes ran one, the processes whose frames are missing and why, and how the
// chosen frame view went (merge failures). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "format/profile.h"
#include "python/frame_views.h"

namespace pprof::python {

struct PythonSummary {
  std::vector<std::string> versions;  // distinct Process::python_version, sorted
  uint64_t processes = 0;             // distinct pids with a python_version
  uint64_t sample_records = 0;        // all sample records of the profile
  uint64_t python_samples = 0;        // records with Python frames (FrameViewStats)
  uint64_t merge_failures = 0;        // records the mixed view could not merge
  std::vector<std::string> notes;     // "pid 1234: unsupported Python 3.14", distinct, in order
};

// nullopt when no process had Python: no python_version, no python_note, no sample with Python
// frames (stats.python_samples) and none flagged kSamplePython. cProfile dumps (no samples)
// give nullopt.
std::optional<PythonSummary> summarizePython(const Profile& profile, const FrameViewStats& stats);

// "Python 3.11.7 in 3 processes; 2 of 1,234 samples with Python frames could not be merged
// (kept unmerged)" (the second part only with failures), then one line per note; no indent, no
// newline.
std::vector<std::string> pythonHeaderLines(const PythonSummary& summary);

}  // namespace pprof::python

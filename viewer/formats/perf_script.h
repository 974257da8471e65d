// `perf script` text import (the default output of a `perf record -g` file): a header line per
// sample, "comm pid/tid [cpu] time: period event:", then one indented line per frame,
// "addr symbol+0xoff (dso)", leaf first, and a blank line between samples.
//
// Processes by pid, threads by (pid, tid, comm), modules by (pid, dso), functions by (symbol
// without "+0x..", module), locations by (module, address). Weights are the sample periods in
// units of the most common period; the period is in nanoseconds (meta.period_ns) only for
// clock events (cpu-clock, task-clock), otherwise meta.period_ns is 0. Timestamps become
// relative to the first sample. Errors name the line: "perf.txt:12: expected 'comm pid/tid time:'".
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "format/profile.h"

namespace pprof::formats {

Result<Profile> parsePerfScript(std::string_view text, const std::string& name);

// True if the first meaningful line of `head` is a perf script sample header.
bool looksLikePerfScript(std::string_view head);

}  // namespace pprof::formats

// Internal to the perf script importer: parsing of its two kinds of lines. Kept apart from the
// profile building so detection can reuse the header parser.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pprof::formats::perf_script {

struct Header {
  std::string_view comm;
  int32_t pid = 0, tid = 0;
  uint64_t time_ns = 0;
  uint64_t period = 1;          // 1 when perf printed no period
  std::string_view event;       // without the trailing ':'
  std::string_view rest;        // what follows the event (a frame when recorded without -g)
};

struct Frame {
  uint64_t address = 0;
  std::string_view symbol;      // without "+0xOFF"; "[unknown]" when perf had none
  std::string_view dso;         // without parentheses; may be "[unknown]"
};

// "comm pid/tid [cpu] secs.usecs: [period] event: ..." (pid/ may be absent: then pid = tid).
// Returns std::nullopt with `error` set when the line is not such a header.
std::optional<Header> parseHeader(std::string_view line, std::string& error);

// "addr symbol+0xoff (dso)", leading blanks already removed.
std::optional<Frame> parseFrame(std::string_view line);

}  // namespace pprof::formats::perf_script

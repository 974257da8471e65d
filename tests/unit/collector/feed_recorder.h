// Test helper: decodes wire bytes (wire_builder.h) and feeds every record to a RunRecorder, as
// the collector's event loop does; returns the first decoding or recording error.
#pragma once

#include <cstdint>

#include "collector/run_recorder.h"
#include "collector/wire_decoder.h"
#include "wire_builder.h"

namespace pprof::collector::testing {

inline Status feedRecorder(RunRecorder& recorder, uint32_t connection, const Bytes& bytes) {
  WireDecoder decoder;
  decoder.append(bytes.data(), bytes.size());
  return decoder.forEachRecord([&](const Record& record) { return recorder.onRecord(connection, record); });
}

}  // namespace pprof::collector::testing

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
  Record record;
  for (;;) {
    auto got = decoder.next(record);
    if (!got) return got.status();
    if (!got.value()) return Status::ok();
    if (Status s = recorder.onRecord(connection, record); !s) return s;
  }
}

}  // namespace pprof::collector::testing

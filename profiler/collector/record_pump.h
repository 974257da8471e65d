// Feeds the bytes of every sampler connection through its own WireDecoder into a RunRecorder.
// Shared by pprof-run (run_session) and pprof-collect (collect_session). A connection whose
// stream is malformed is dropped; the last such problem is kept for the end-of-run message.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>

#include "collector/run_recorder.h"
#include "collector/socket_server.h"
#include "collector/wire_decoder.h"

namespace pprof::collector {

class RecordPump : public ConnectionHandler {
 public:
  explicit RecordPump(RunRecorder& recorder) : recorder_(recorder) {}

  void onConnect(uint32_t id) override;
  bool onData(uint32_t id, const uint8_t* data, size_t size) override;
  void onClose(uint32_t id, bool dropped) override;

  const std::string& lastProblem() const { return last_problem_; }

 private:
  RunRecorder& recorder_;
  std::unordered_map<uint32_t, std::pair<uint32_t, WireDecoder>> decoders_;
  std::string last_problem_;
};

// CLOCK_MONOTONIC / CLOCK_REALTIME in nanoseconds.
uint64_t monotonicNowNs();
uint64_t realtimeNowNs();

}  // namespace pprof::collector

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
  // The connection's image exec'd another (RunRecorder::endedByExec); false once it is closed.
  bool endedByExec(uint32_t id) const;

 private:
  RunRecorder& recorder_;
  std::unordered_map<uint32_t, std::pair<uint32_t, WireDecoder>> decoders_;
  std::string last_problem_;
};

// CLOCK_MONOTONIC / CLOCK_REALTIME in nanoseconds.
uint64_t monotonicNowNs();
uint64_t realtimeNowNs();

// The end of a recording, the same for pprof-run and pprof-collect. Called each round once the
// main process is done (exited, or closed its connection) since `done_at_ns`; true when
// recording is over. With no connection open, one last short poll picks up connections still
// in the listen backlog and descendants starting up as the main process ended (their sampler
// connects from its constructor, a few ms after the fork or exec); connections still open get
// one second of grace.
bool recordingOver(SocketServer& server, ConnectionHandler& handler, uint64_t done_at_ns, uint64_t now_ns);

}  // namespace pprof::collector

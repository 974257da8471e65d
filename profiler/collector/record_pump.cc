#include "collector/record_pump.h"

#include <time.h>

namespace pprof::collector {
namespace {

constexpr uint64_t kGraceNs = 1'000'000'000;  // for connections outliving the main process
constexpr int kQuietMs = 50;                  // the last look for connections in the backlog

uint64_t nowNs(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

uint64_t monotonicNowNs() { return nowNs(CLOCK_MONOTONIC); }
uint64_t realtimeNowNs() { return nowNs(CLOCK_REALTIME); }

bool recordingOver(SocketServer& server, ConnectionHandler& handler, uint64_t done_at_ns, uint64_t now_ns) {
  if (server.openConnections() == 0) return !server.pollOnce(kQuietMs, -1, handler) || server.openConnections() == 0;
  return now_ns - done_at_ns > kGraceNs;
}

void RecordPump::onConnect(uint32_t id) { decoders_[id] = {recorder_.openConnection(), WireDecoder()}; }

bool RecordPump::onData(uint32_t id, const uint8_t* data, size_t size) {
  auto& [connection, decoder] = decoders_.at(id);
  decoder.append(data, size);
  const uint32_t recorder_connection = connection;
  Status status = decoder.forEachRecord(
      [&](const Record& record) { return recorder_.onRecord(recorder_connection, record); });
  if (!status) last_problem_ = "connection " + std::to_string(id) + ": " + status.message();
  return status.isOk();
}

bool RecordPump::endedByExec(uint32_t id) const {
  auto it = decoders_.find(id);
  return it != decoders_.end() && recorder_.endedByExec(it->second.first);
}

void RecordPump::onClose(uint32_t id, bool dropped) {
  auto it = decoders_.find(id);
  if (it == decoders_.end()) return;
  recorder_.closeConnection(it->second.first, monotonicNowNs(), dropped);
  decoders_.erase(it);
}

}  // namespace pprof::collector

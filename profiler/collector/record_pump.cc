#include "collector/record_pump.h"

#include <time.h>

namespace pprof::collector {
namespace {

uint64_t nowNs(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

uint64_t monotonicNowNs() { return nowNs(CLOCK_MONOTONIC); }
uint64_t realtimeNowNs() { return nowNs(CLOCK_REALTIME); }

void RecordPump::onConnect(uint32_t id) { decoders_[id] = {recorder_.openConnection(), WireDecoder()}; }

bool RecordPump::onData(uint32_t id, const uint8_t* data, size_t size) {
  auto& [connection, decoder] = decoders_.at(id);
  decoder.append(data, size);
  Record record;
  for (;;) {
    Result<bool> got = decoder.next(record);
    Status status = got ? (got.value() ? recorder_.onRecord(connection, record) : Status::ok())
                        : got.status();
    if (!status) {
      last_problem_ = "connection " + std::to_string(id) + ": " + status.message();
      return false;
    }
    if (!got.value()) return true;
  }
}

void RecordPump::onClose(uint32_t id, bool dropped) {
  auto it = decoders_.find(id);
  if (it == decoders_.end()) return;
  recorder_.closeConnection(it->second.first, monotonicNowNs(), dropped);
  decoders_.erase(it);
}

}  // namespace pprof::collector

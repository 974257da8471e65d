// Test helper: builds sampler wire records (wire/wire.h) as bytes, the way the sampler does.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "python/version_table.h"
#include "wire/wire.h"

namespace pprof::collector::testing {

using Bytes = std::vector<uint8_t>;

template <typename T>
void put(Bytes& out, const T& value) {
  const auto* p = reinterpret_cast<const uint8_t*>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

inline void putString(Bytes& out, const std::string& s) { out.insert(out.end(), s.begin(), s.end()); }

template <typename T>
T fixed(wire::RecordType type) {
  T value{};
  value.header.type = static_cast<uint16_t>(type);
  return value;
}

inline void patchSize(Bytes& out, size_t begin) {
  uint32_t size = static_cast<uint32_t>(out.size() - begin);
  std::memcpy(out.data() + begin + offsetof(wire::RecordHeader, size), &size, sizeof(size));
}

inline Bytes hello(int32_t pid, int32_t ppid, const std::string& exe, const std::string& cmdline,
                   uint64_t start_ns = 0, wire::ClockKind clock = wire::ClockKind::kPerfTaskClock) {
  auto h = fixed<wire::Hello>(wire::RecordType::kHello);
  h.protocol_version = wire::kProtocolVersion;
  h.pid = pid;
  h.ppid = ppid;
  h.hz = 1000;
  h.mode = wire::Mode::kCpu;
  h.clock = clock;
  h.exe_path_len = static_cast<uint32_t>(exe.size());
  h.cmdline_len = static_cast<uint32_t>(cmdline.size());
  h.start_monotonic_ns = start_ns;
  Bytes out;
  put(out, h);
  putString(out, exe);
  putString(out, cmdline);
  patchSize(out, 0);
  return out;
}

inline Bytes module(const std::string& path, uint64_t start, uint64_t end, uint64_t bias,
                    const std::vector<uint8_t>& build_id = {}) {
  auto m = fixed<wire::Module>(wire::RecordType::kModule);
  m.start = start;
  m.end = end;
  m.bias = bias;
  m.path_len = static_cast<uint32_t>(path.size());
  m.build_id_len = static_cast<uint8_t>(build_id.size());
  if (!build_id.empty()) std::memcpy(m.build_id, build_id.data(), build_id.size());
  Bytes out;
  put(out, m);
  putString(out, path);
  patchSize(out, 0);
  return out;
}

inline Bytes moduleUnload(uint64_t start, uint64_t end, uint64_t bias) {
  auto m = fixed<wire::ModuleUnload>(wire::RecordType::kModuleUnload);
  m.start = start;
  m.end = end;
  m.bias = bias;
  Bytes out;
  put(out, m);
  patchSize(out, 0);
  return out;
}

struct TestSample {
  uint64_t timestamp_ns;
  std::vector<uint64_t> pcs;
  uint16_t flags = 0;
  uint32_t weight = 1;
};

inline Bytes samples(int32_t tid, const std::vector<TestSample>& list) {
  auto s = fixed<wire::Samples>(wire::RecordType::kSamples);
  s.tid = tid;
  s.count = static_cast<uint32_t>(list.size());
  Bytes out;
  put(out, s);
  for (const TestSample& t : list) {
    wire::SampleHeader h{t.timestamp_ns, t.weight, t.flags, static_cast<uint16_t>(t.pcs.size())};
    put(out, h);
    for (uint64_t pc : t.pcs) put(out, pc);
  }
  patchSize(out, 0);
  return out;
}

inline Bytes thread(int32_t tid, wire::ThreadEvent event, uint64_t ts, const std::string& name) {
  auto t = fixed<wire::Thread>(wire::RecordType::kThread);
  t.tid = tid;
  t.event = event;
  t.timestamp_ns = ts;
  std::strncpy(t.name, name.c_str(), sizeof(t.name) - 1);
  Bytes out;
  put(out, t);
  patchSize(out, 0);
  return out;
}

inline Bytes lost(int32_t tid, uint64_t count) {
  auto l = fixed<wire::Lost>(wire::RecordType::kLost);
  l.tid = tid;
  l.reason = wire::LostReason::kRingFull;
  l.count = count;
  Bytes out;
  put(out, l);
  patchSize(out, 0);
  return out;
}

inline Bytes goodbye(int32_t reason, uint64_t samples_lost = 0) {
  auto g = fixed<wire::Goodbye>(wire::RecordType::kGoodbye);
  g.reason = reason;
  g.samples_lost = samples_lost;
  Bytes out;
  put(out, g);
  patchSize(out, 0);
  return out;
}

// A PyCode record as the sampler sends it (strings of one `kind`, padded to 8 bytes).
inline Bytes pyCode(int32_t tid, uint64_t code, const std::string& qualname, const std::string& filename,
             int32_t firstlineno, const Bytes& linetable, uint8_t kind = 1) {
  auto c = fixed<wire::PyCode>(wire::RecordType::kPyCode);
  c.tid = tid;
  c.code = code;
  c.firstlineno = firstlineno;
  c.qualname_len = static_cast<uint32_t>(qualname.size());
  c.filename_len = static_cast<uint32_t>(filename.size());
  c.linetable_len = static_cast<uint32_t>(linetable.size());
  c.qualname_kind = kind;
  c.filename_kind = 1;
  c.line_format = static_cast<uint8_t>(python::LineTableFormat::kLocations311);
  Bytes out;
  put(out, c);
  putString(out, qualname);
  putString(out, filename);
  out.insert(out.end(), linetable.begin(), linetable.end());
  while (out.size() % 8 != 0) out.push_back(0);  // the sampler pads to words
  patchSize(out, 0);
  return out;
}

inline Bytes pythonInfo(uint32_t minor, wire::PythonStatus status, const std::string& note) {
  auto p = fixed<wire::Python>(wire::RecordType::kPython);
  p.major = 3;
  p.minor = minor;
  p.micro = 7;
  p.status = status;
  p.note_len = static_cast<uint32_t>(note.size());
  Bytes out;
  put(out, p);
  putString(out, note);
  patchSize(out, 0);
  return out;
}

inline Bytes concat(const std::vector<Bytes>& parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace pprof::collector::testing

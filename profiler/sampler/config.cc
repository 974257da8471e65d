#include "config.h"

#include <cstring>

namespace pprof::sampler {
namespace {

struct Span {
  const char* data;
  uint32_t size;
  bool equals(const char* s) const { return strlen(s) == size && memcmp(s, data, size) == 0; }
};

bool parseUint(Span v, uint32_t min, uint32_t max, uint32_t* out) {
  if (v.size == 0 || v.size > 9) return false;
  uint32_t value = 0;
  for (uint32_t i = 0; i < v.size; ++i) {
    if (v.data[i] < '0' || v.data[i] > '9') return false;
    value = value * 10 + static_cast<uint32_t>(v.data[i] - '0');
  }
  if (value < min || value > max) return false;
  *out = value;
  return true;
}

bool parseFlag(Span v, bool* out) {
  if (v.equals("1")) *out = true;
  else if (v.equals("0")) *out = false;
  else return false;
  return true;
}

bool applyKey(Span key, Span value, Config* out) {
  if (key.equals("socket")) {
    if (value.size == 0 || value.size >= sizeof(out->socket_name)) return false;
    memcpy(out->socket_name, value.data, value.size);
    out->socket_name[value.size] = '\0';
    return true;
  }
  if (key.equals("hz")) return parseUint(value, 1, 100000, &out->hz);
  if (key.equals("drain_ms")) return parseUint(value, 1, 60000, &out->drain_ms);
  if (key.equals("scan_ms")) return parseUint(value, 10, 600000, &out->scan_ms);
  if (key.equals("ring_kib")) return parseUint(value, 16, 65536, &out->ring_kib);
  if (key.equals("signal")) {
    uint32_t sig = 0;
    if (!parseUint(value, 1, 64, &sig)) return false;
    out->signal = static_cast<int32_t>(sig);
    return true;
  }
  if (key.equals("mode")) {
    if (value.equals("cpu")) out->mode = ConfigMode::kCpu;
    else if (value.equals("wall")) out->mode = ConfigMode::kWall;
    else return false;
    return true;
  }
  if (key.equals("clock")) {
    if (value.equals("auto")) out->clock = ClockChoice::kAuto;
    else if (value.equals("perf")) out->clock = ClockChoice::kPerf;
    else if (value.equals("posix")) out->clock = ClockChoice::kPosix;
    else return false;
    return true;
  }
  if (key.equals("bench")) {
    if (value.equals("empty-handler")) out->bench = BenchMode::kEmptyHandler;
    else if (value.equals("none")) out->bench = BenchMode::kNone;
    else return false;
    return true;
  }
  if (key.equals("debug")) return parseFlag(value, &out->debug);
  if (key.equals("regions_only")) return parseFlag(value, &out->regions_only);
  if (key.equals("python")) return parseFlag(value, &out->python);
  return false;
}

}  // namespace

bool parseConfig(const char* text, Config* out) {
  if (text == nullptr) return false;
  *out = Config{};
  const char* p = text;
  while (*p != '\0') {
    const char* end = p;
    while (*end != '\0' && *end != ';') ++end;
    if (end != p) {
      const char* eq = p;
      while (eq < end && *eq != '=') ++eq;
      if (eq == end) return false;
      Span key{p, static_cast<uint32_t>(eq - p)};
      Span value{eq + 1, static_cast<uint32_t>(end - eq - 1)};
      if (!applyKey(key, value, out)) return false;
    }
    p = (*end == ';') ? end + 1 : end;
  }
  return out->socket_name[0] != '\0';
}

}  // namespace pprof::sampler

#include "attach/perf_records.h"

#include <linux/perf_event.h>

#include <cstring>

namespace pprof::attach {
namespace {

// Sequential reader over one record; every read is bounds-checked.
class Cursor {
 public:
  Cursor(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool u64(uint64_t* out) { return bytes(out, 8); }
  bool u32(uint32_t* out) { return bytes(out, 4); }
  bool skip(uint64_t n) {
    if (n > size_ - pos_) return false;
    pos_ += static_cast<size_t>(n);
    return true;
  }
  const uint8_t* here() const { return data_ + pos_; }
  size_t left() const { return size_ - pos_; }

 private:
  bool bytes(void* out, size_t n) {
    if (n > size_ - pos_) return false;
    std::memcpy(out, data_ + pos_, n);
    pos_ += n;
    return true;
  }
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

Result<perf_event_header> header(const uint8_t* data, size_t size) {
  perf_event_header h;
  if (size < sizeof(h)) return Status::error("perf record shorter than its header");
  std::memcpy(&h, data, sizeof(h));
  if (h.size < sizeof(h) || h.size > size) {
    return Status::error("perf record type " + std::to_string(h.type) + ": size " +
                         std::to_string(h.size) + " does not fit " + std::to_string(size) + " bytes");
  }
  return h;
}

// A NUL-terminated string inside the record, bounded by it.
std::string boundedString(const uint8_t* p, size_t max) {
  return std::string(reinterpret_cast<const char*>(p), strnlen(reinterpret_cast<const char*>(p), max));
}

// With sample_id_all and sample_type TID|TIME, side records end with {u32 pid, u32 tid, u64 time}.
uint64_t trailingTime(const uint8_t* data, size_t size) {
  uint64_t t = 0;
  if (size >= sizeof(perf_event_header) + 16) std::memcpy(&t, data + size - 8, 8);
  return t;
}

}  // namespace

bool isSampleRecord(const uint8_t* data, size_t size) {
  auto h = header(data, size);
  return h && h.value().type == PERF_RECORD_SAMPLE;
}

Result<SampleView> decodeSample(const uint8_t* data, size_t size) {
  auto h = header(data, size);
  if (!h) return h.status();
  if (h.value().type != PERF_RECORD_SAMPLE) return Status::error("not a sample record");
  Cursor c(data, h.value().size);
  SampleView s;
  uint32_t pid = 0, tid = 0;
  uint64_t abi = 0;
  if (!c.skip(sizeof(perf_event_header)) || !c.u64(&s.ip) || !c.u32(&pid) || !c.u32(&tid) ||
      !c.u64(&s.time_ns) || !c.u64(&abi)) {
    return Status::error("sample record truncated before its registers");
  }
  s.pid = static_cast<int32_t>(pid);
  s.tid = static_cast<int32_t>(tid);
  if (abi != PERF_SAMPLE_REGS_ABI_NONE) {
    // Registers come in increasing bit order of kSampledRegsMask.
    uint64_t r[kSampledRegCount];
    for (uint64_t& v : r) {
      if (!c.u64(&v)) return Status::error("sample record truncated inside its registers");
    }
    s.regs = UserRegs{true, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]};
    static_assert(kPerfRegBx < kPerfRegBp && kPerfRegBp < kPerfRegSp && kPerfRegSp < kPerfRegIp &&
                  kPerfRegIp < kPerfRegR12);
  }
  uint64_t stack_size = 0;
  if (!c.u64(&stack_size)) return Status::error("sample record truncated before its stack");
  if (stack_size != 0) {
    const uint8_t* stack = c.here();
    uint64_t dyn_size = 0;
    if (!c.skip(stack_size) || !c.u64(&dyn_size)) {
      return Status::error("sample record: stack of " + std::to_string(stack_size) +
                           " bytes does not fit the record");
    }
    s.stack = stack;
    s.stack_size = dyn_size < stack_size ? dyn_size : stack_size;
  }
  return s;
}

Result<SideRecord> decodeSideRecord(const uint8_t* data, size_t size) {
  auto h = header(data, size);
  if (!h) return h.status();
  const size_t record_size = h.value().size;
  Cursor c(data, record_size);
  c.skip(sizeof(perf_event_header));
  SideRecord r;
  uint32_t a = 0, b = 0, d = 0, e = 0;
  switch (h.value().type) {
    case PERF_RECORD_FORK:
    case PERF_RECORD_EXIT:
      // {pid, ppid, tid, ptid, time}
      if (!c.u32(&a) || !c.u32(&b) || !c.u32(&d) || !c.u32(&e) || !c.u64(&r.time_ns)) {
        return Status::error("fork/exit record truncated");
      }
      r.kind = h.value().type == PERF_RECORD_FORK ? SideKind::kFork : SideKind::kExit;
      r.pid = static_cast<int32_t>(a);
      r.tid = static_cast<int32_t>(d);
      r.parent_tid = static_cast<int32_t>(e);
      return r;
    case PERF_RECORD_COMM:
      if (!c.u32(&a) || !c.u32(&b)) return Status::error("comm record truncated");
      r.kind = SideKind::kComm;
      r.pid = static_cast<int32_t>(a);
      r.tid = static_cast<int32_t>(b);
      r.exec = (h.value().misc & PERF_RECORD_MISC_COMM_EXEC) != 0;
      r.name = boundedString(c.here(), c.left());
      r.time_ns = trailingTime(data, record_size);
      return r;
    case PERF_RECORD_MMAP: {
      uint64_t addr = 0, len = 0, pgoff = 0;
      if (!c.u32(&a) || !c.u32(&b) || !c.u64(&addr) || !c.u64(&len) || !c.u64(&pgoff)) {
        return Status::error("mmap record truncated");
      }
      r.kind = SideKind::kMmap;
      r.pid = static_cast<int32_t>(a);
      r.tid = static_cast<int32_t>(b);
      r.name = boundedString(c.here(), c.left());
      return r;
    }
    case PERF_RECORD_LOST: {
      uint64_t id = 0;
      if (!c.u64(&id) || !c.u64(&r.lost)) return Status::error("lost record truncated");
      r.kind = SideKind::kLost;
      return r;
    }
    case PERF_RECORD_THROTTLE:
    case PERF_RECORD_UNTHROTTLE:
      if (!c.u64(&r.time_ns)) return Status::error("throttle record truncated");
      r.kind = SideKind::kThrottle;
      r.throttled = h.value().type == PERF_RECORD_THROTTLE;
      return r;
    default:
      return r;
  }
}

}  // namespace pprof::attach

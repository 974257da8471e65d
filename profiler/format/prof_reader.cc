// out.prof reader (layout: FORMAT.md). One pass over the framing counts records so vectors
// are reserved once, then a second pass decodes them. Input is untrusted: every length and
// count is checked against the bytes that remain before anything is reserved, and every id
// must refer to a record already read, so a parsed profile always passes checkValid.
#include <array>
#include <cstring>

#include "common/file_io.h"
#include "format/prof_file.h"
#include "format/record_cursor.h"
#include "format/record_types.h"
#include "format/varint.h"

namespace pprof {
namespace {

using namespace prof_format;

const char* recordName(uint32_t type) {
  if (type == kRegion) return "region";
  static constexpr const char* kNames[] = {
      "",       "string",   "meta",  "process", "process update", "thread",         "thread update",
      "module", "location", "stack", "sample",  "function",       "location lines", "end"};
  return type < std::size(kNames) ? kNames[type] : "unknown";
}

struct Frame {
  uint32_t type;
  const uint8_t* payload;
  const uint8_t* end;
};

enum class FrameStatus { kOk, kTornTail, kBadVarint };

// Reads one record's type and length at `p`. kTornTail: the file ends inside this record.
FrameStatus nextFrame(const uint8_t*& p, const uint8_t* end, Frame& frame) {
  uint64_t type = 0, length = 0;
  const uint8_t* q = p;
  varint::Decode d = varint::get(q, end, type);
  if (d == varint::Decode::kOk) d = varint::get(q, end, length);
  if (d == varint::Decode::kTruncated) return FrameStatus::kTornTail;
  if (d == varint::Decode::kOverlong || type > UINT32_MAX) return FrameStatus::kBadVarint;
  if (length > static_cast<uint64_t>(end - q)) return FrameStatus::kTornTail;
  frame = {static_cast<uint32_t>(type), q, q + length};
  p = frame.end;
  return FrameStatus::kOk;
}

class Parser {
 public:
  Parser(std::string_view bytes, const std::string& name)
      : begin_(reinterpret_cast<const uint8_t*>(bytes.data())), end_(begin_ + bytes.size()), name_(name) {}

  Result<Profile> run() {
    size_t have = std::min<size_t>(end_ - begin_, kMagic.size());
    if (have > 0 && std::memcmp(begin_, kMagic.data(), have) != 0)
      return error("not an out.prof file (bad magic)");
    if (static_cast<size_t>(end_ - begin_) < kHeaderSize) return std::move(profile_);  // torn header
    if (uint32_t version = varint::getU32LE(begin_ + kMagic.size()); version != kVersion)
      return error("unsupported out.prof version " + std::to_string(version) +
                   " (this reader knows version " + std::to_string(kVersion) + ")");
    reserve();
    strings_.push_back("");
    const uint8_t* p = begin_ + kHeaderSize;
    Frame frame;
    while (p < end_) {
      size_t offset = p - begin_;
      FrameStatus status = nextFrame(p, end_, frame);
      if (status == FrameStatus::kTornTail) break;
      if (status == FrameStatus::kBadVarint)
        return error("bad record header at offset " + std::to_string(offset));
      if (Status s = decode(frame); !s) return error(s.message() + " at offset " + std::to_string(offset));
      if (frame.type == kEnd) {
        profile_.meta.complete = true;
        break;
      }
    }
    return std::move(profile_);
  }

 private:
  Status error(const std::string& message) const { return Status::error(name_ + ": " + message); }

  // Sizes the vectors from the complete records present; each counted record is at least
  // a few bytes, so this stays proportional to the input even when the input is hostile.
  void reserve() {
    std::array<size_t, kFirstSkippableType> counts{};
    const uint8_t* p = begin_ + kHeaderSize;
    Frame frame;
    while (p < end_ && nextFrame(p, end_, frame) == FrameStatus::kOk) {
      if (frame.type < counts.size() && frame.end - frame.payload >= 2) ++counts[frame.type];
    }
    strings_.reserve(counts[kString] + 1);
    profile_.processes.reserve(counts[kProcess]);
    profile_.threads.reserve(counts[kThread]);
    last_timestamp_.reserve(counts[kThread]);
    profile_.modules.reserve(counts[kModule]);
    profile_.functions.reserve(counts[kFunction]);
    profile_.locations.reserve(counts[kLocation]);
    profile_.stacks.reserve(counts[kStack]);
    profile_.samples.reserve(counts[kSample]);
  }

  Status decode(const Frame& frame) {
    if (frame.type == kString) {
      strings_.emplace_back(reinterpret_cast<const char*>(frame.payload), frame.end - frame.payload);
      return Status::ok();
    }
    if (frame.type == 0 || (frame.type < kFirstSkippableType && frame.type > kEnd))
      return Status::error("bad record type " + std::to_string(frame.type));
    if (frame.type > kEnd && frame.type != kRegion) return Status::ok();  // from a newer writer
    RecordCursor c(frame.payload, frame.end, strings_);
    decodeKnown(frame.type, c);
    if (c.failed()) return Status::error(c.error() + " in " + recordName(frame.type) + " record");
    return Status::ok();
  }

  void decodeKnown(uint32_t type, RecordCursor& c) {
    Profile& pr = profile_;
    switch (type) {
      case kMeta:
        return decodeMeta(c);
      case kProcess: {
        Process p = decodeProcess(c, pr.processes.size());
        if (!c.failed()) pr.processes.push_back(std::move(p));
        return;
      }
      case kProcessUpdate: {
        uint32_t id = c.ref(pr.processes.size(), "process");
        Process p = decodeProcess(c, id);
        if (!c.failed()) pr.processes[id] = std::move(p);
        return;
      }
      case kThread: {
        Thread t = decodeThread(c);
        if (c.failed()) return;
        pr.threads.push_back(std::move(t));
        last_timestamp_.push_back(0);
        return;
      }
      case kThreadUpdate: {
        uint32_t id = c.ref(pr.threads.size(), "thread");
        Thread t = decodeThread(c);
        if (!c.failed()) pr.threads[id] = std::move(t);
        return;
      }
      case kModule:
        return decodeModule(c);
      case kLocation:
        return decodeLocation(c);
      case kStack:
        return decodeStack(c);
      case kSample:
        return decodeSample(c);
      case kFunction:
        return decodeFunction(c);
      case kLocationLines:
        return decodeLocationLines(c);
      case kEnd:
        return;
      case kRegion:
        return decodeRegion(c);
    }
  }

  void decodeMeta(RecordCursor& c) {
    Meta& m = profile_.meta;
    m.producer = c.string();
    m.frequency_hz = c.u32();
    m.mode = c.string();
    m.clock = c.string();
    m.period_ns = c.u64();
    m.start_realtime_ns = c.u64();
    m.duration_ns = c.u64();
    m.command = c.strings();
    m.lost_samples = c.u64();
    m.truncated_stacks = c.u64();
    // Appended later in version 1: files written before it end here.
    m.regions_only = c.remaining() > 0 && (c.u64() & kMetaRegionsOnly) != 0;
    if (c.remaining() > 0) {  // revision 4
      m.host = c.string();
      m.boot_id = c.string();
    }
  }

  // `id` is the process's own id: its parent must be an earlier process, so chains end.
  Process decodeProcess(RecordCursor& c, size_t id) {
    Process p;
    p.pid = c.i32();
    p.ppid = c.i32();
    p.parent = c.optionalRef(profile_.processes.size(), "process");
    if (p.parent != kNone && p.parent >= id)
      c.fail("parent " + std::to_string(p.parent) + " is not an earlier process");
    p.executable = c.string();
    p.command = c.strings();
    p.start_ns = c.u64();
    p.end_ns = c.u64();
    p.exec_replaced = (c.u64() & kProcessExecReplaced) != 0;
    if (c.remaining() > 0) {  // revision 3
      p.python_version = c.string();
      p.python_note = c.string();
    }
    return p;
  }

  Thread decodeThread(RecordCursor& c) {
    Thread t;
    t.process = c.ref(profile_.processes.size(), "process");
    t.tid = c.i32();
    t.name = c.string();
    t.start_ns = c.u64();
    t.end_ns = c.u64();
    return t;
  }

  void decodeModule(RecordCursor& c) {
    Module& m = profile_.modules.emplace_back();
    m.process = c.ref(profile_.processes.size(), "process");
    m.path = c.string();
    m.build_id = c.string();
    m.start = c.u64();
    m.end = c.u64();
    m.bias = c.u64();
  }

  void decodeLocation(RecordCursor& c) {
    Location& l = profile_.locations.emplace_back();
    l.module = c.optionalRef(profile_.modules.size(), "module");
    l.address = c.u64();
    if (c.remaining() > 0) l.flags = c.u32();  // revision 3
  }

  void decodeStack(RecordCursor& c) {
    size_t n = c.count();
    if (n == 0) return c.fail("empty stack");
    Stack& s = profile_.stacks.emplace_back();
    s.locations.resize(n);
    bool in_python = false;
    for (uint32_t& location : s.locations) {
      location = c.ref(profile_.locations.size(), "location");
      if (c.failed()) return;
      const bool python = (profile_.locations[location].flags & kLocationPython) != 0;
      if (in_python && !python) return c.fail("a native location after a Python one");
      in_python = in_python || python;
    }
  }

  void decodeSample(RecordCursor& c) {
    Sample& s = profile_.samples.emplace_back();
    s.stack = c.ref(profile_.stacks.size(), "stack");
    s.thread = c.ref(profile_.threads.size(), "thread");
    uint64_t delta = c.u64();
    s.weight = c.u32();
    s.flags = c.u16();
    if (c.failed()) return;
    uint64_t& last = last_timestamp_[s.thread];
    s.timestamp_ns = last + static_cast<uint64_t>(varint::unzigzag(delta));  // wraps like the writer
    last = s.timestamp_ns;
  }

  void decodeFunction(RecordCursor& c) {
    Function& f = profile_.functions.emplace_back();
    f.name = c.string();
    f.system_name = c.string();
    f.file = c.string();
    f.start_line = c.u32();
    f.module = c.optionalRef(profile_.modules.size(), "module");
    if (c.remaining() > 0 && (c.u64() & kFunctionPython) != 0) f.language = Language::kPython;  // revision 3
  }

  void decodeLocationLines(RecordCursor& c) {
    uint32_t location = c.ref(profile_.locations.size(), "location");
    std::vector<Line> lines(c.count());
    for (Line& line : lines) {
      line.function = c.ref(profile_.functions.size(), "function");
      line.line = c.u32();
    }
    if (c.failed()) return;
    if ((profile_.locations[location].flags & kLocationPython) != 0 &&
        (lines.size() != 1 || profile_.functions[lines[0].function].language != Language::kPython))
      return c.fail("a Python location has one line, of a Python function");
    profile_.locations[location].lines = std::move(lines);
  }

  void decodeRegion(RecordCursor& c) {
    Region r;
    r.name = c.string();
    r.thread = c.ref(profile_.threads.size(), "thread");
    r.start_ns = c.u64();
    uint64_t duration = c.u64();
    if (duration > UINT64_MAX - r.start_ns) return c.fail("region end out of range");
    r.end_ns = r.start_ns + duration;
    if (!c.failed()) profile_.regions.push_back(std::move(r));
  }

  const uint8_t* begin_;
  const uint8_t* end_;
  const std::string& name_;
  Profile profile_;
  std::vector<std::string_view> strings_;  // views into the input; id 0 is ""
  std::vector<uint64_t> last_timestamp_;   // per thread, base of the next timestamp delta
};

}  // namespace

bool looksLikeProfFile(std::string_view prefix) { return prefix.starts_with(kMagic); }

Result<Profile> parseProfFile(std::string_view bytes, const std::string& name) {
  return Parser(bytes, name).run();
}

Result<Profile> readProfFile(const std::string& path) {
  Result<std::string> bytes = readFile(path);
  if (!bytes) return bytes.status();
  return parseProfFile(bytes.value(), path);
}

}  // namespace pprof

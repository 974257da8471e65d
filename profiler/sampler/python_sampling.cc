#include "python_sampling.h"

#include <dlfcn.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

#include "python/debug_offsets.h"
#include "python/frame_walk.h"
#include "python/version_table.h"

namespace pprof::sampler {

namespace {

using StateFn = void* (*)();
using DeallocFn = void (*)(void*);

// PyTypeObject fields read at start-up; the same in every supported version.
constexpr uint64_t kTypeBasicSize = 32;
constexpr uint64_t kTypeDealloc = 48;
constexpr uint64_t kTypeMembers = 240;
constexpr uint64_t kMemberDefSize = 40;  // PyMemberDef: name @0, type @8, offset @16
constexpr uint64_t kMemberOffset = 16;

struct PythonRuntime {
  bool found = false;
  bool active = false;
  uint32_t major = 0, minor = 0, micro = 0;
  wire::PythonStatus status = wire::PythonStatus::kReadable;
  char note[192] = {};
  python::RuntimeLayout rt;
  StateFn this_thread_state = nullptr;
  StateFn gil_holder = nullptr;
  uint64_t runtime = 0;  // &_PyRuntime
};

PythonRuntime g_py;
DeallocFn g_original_code_dealloc = nullptr;

// Bumped by the dealloc hook per address bucket: a seen-table entry whose bucket moved on may
// name a freed code object whose address now holds another one.
constexpr uint32_t kGenerationBuckets = 1u << 14;
std::atomic<uint32_t> g_code_generation[kGenerationBuckets];

uint32_t generationBucket(uint64_t code) {
  return static_cast<uint32_t>(((code >> 4) * 0x9e3779b97f4a7c15ull) >> (64 - 14));
}

void codeDeallocHook(void* code) {
  g_code_generation[generationBucket(reinterpret_cast<uint64_t>(code))].fetch_add(1, std::memory_order_release);
  g_original_code_dealloc(code);
}

// Plain loads: the handler's own thread, under the fault guard.
struct DirectMemory {
  bool u64(uint64_t address, uint64_t* out) {
    *out = *reinterpret_cast<const volatile uint64_t*>(address);
    return true;
  }
  bool i32(uint64_t address, int32_t* out) {
    *out = *reinterpret_cast<const volatile int32_t*>(address);
    return true;
  }
  bool u8(uint64_t address, uint8_t* out) {
    *out = *reinterpret_cast<const volatile uint8_t*>(address);
    return true;
  }
  bool bytes(uint64_t address, uint8_t* out, size_t n) {
    const volatile uint8_t* src = reinterpret_cast<const volatile uint8_t*>(address);
    for (size_t i = 0; i < n; ++i) out[i] = src[i];
    return true;
  }
};

// Reads of another thread's memory (the drain thread looking at a blocked thread's frames):
// process_vm_readv on ourselves never faults, whatever the other thread frees meanwhile. Reads
// go through a few 256-byte blocks so that one frame or code object costs one system call.
class CopiedMemory {
 public:
  bool bytes(uint64_t address, uint8_t* out, size_t n) {
    iovec local{out, n};
    iovec remote{reinterpret_cast<void*>(address), n};
    return process_vm_readv(pid_, &local, 1, &remote, 1, 0) == static_cast<ssize_t>(n);
  }
  bool u64(uint64_t address, uint64_t* out) { return small(address, out, 8); }
  bool i32(uint64_t address, int32_t* out) { return small(address, out, 4); }
  bool u8(uint64_t address, uint8_t* out) { return small(address, out, 1); }

 private:
  static constexpr uint64_t kBlock = 256;
  struct Block {
    uint64_t base = 0;
    bool valid = false;
    uint8_t data[kBlock];
  };
  bool small(uint64_t address, void* out, size_t n) {
    const uint64_t base = address & ~(kBlock - 1);
    if (address + n > base + kBlock) return bytes(address, static_cast<uint8_t*>(out), n);
    Block* block = nullptr;
    for (Block& b : blocks_) {
      if (b.valid && b.base == base) block = &b;
    }
    if (block == nullptr) {
      block = &blocks_[next_++ % 4];
      block->valid = bytes(base, block->data, kBlock);
      block->base = base;
      if (!block->valid) return bytes(address, static_cast<uint8_t*>(out), n);  // block crosses a mapping end
    }
    memcpy(out, block->data + (address - base), n);
    return true;
  }
  pid_t pid_ = getpid();
  Block blocks_[4];
  uint32_t next_ = 0;
};

void setNote(const char* a, const char* b = "") {
  size_t n = 0;
  for (const char* s : {a, b}) {
    while (*s != '\0' && n + 1 < sizeof(g_py.note)) g_py.note[n++] = *s++;
  }
  g_py.note[n] = '\0';
}

bool parseVersion(const char* text, uint32_t* major, uint32_t* minor, uint32_t* micro) {
  uint32_t parts[3] = {0, 0, 0};
  int i = 0;
  for (const char* p = text; *p != '\0' && i < 3; ++p) {
    if (*p >= '0' && *p <= '9') {
      parts[i] = parts[i] * 10 + static_cast<uint32_t>(*p - '0');
    } else if (*p == '.') {
      ++i;
    } else {
      break;
    }
  }
  *major = parts[0];
  *minor = parts[1];
  *micro = parts[2];
  return parts[0] > 0;
}

// Writes without risking a fault: process_vm_writev on ourselves fails with EFAULT on a
// read-only page instead of crashing the program.
bool safeWrite(uint64_t address, const void* value, size_t size) {
  iovec local{const_cast<void*>(value), size};
  iovec remote{reinterpret_cast<void*>(address), size};
  return process_vm_writev(getpid(), &local, 1, &remote, 1, 0) == static_cast<ssize_t>(size);
}

// Code object offsets from the running interpreter where it lists them (PyCode_Type.tp_members),
// the table's otherwise.
void readCodeMembers(uint64_t code_type, const python::VersionLayout& layout, python::RuntimeLayout* rt) {
  rt->code_firstlineno = layout.code_firstlineno;
  rt->code_filename = layout.code_filename;
  rt->code_name = layout.code_qualname != 0 ? layout.code_qualname : layout.code_name;
  rt->code_linetable = layout.code_linetable;
  rt->code_units = layout.code_units;
  rt->code_firsttraceable = layout.code_firsttraceable;
  const uint64_t members = *reinterpret_cast<const uint64_t*>(code_type + kTypeMembers);
  for (uint64_t m = members; m != 0; m += kMemberDefSize) {
    const char* name = *reinterpret_cast<const char* const*>(m);
    if (name == nullptr) break;
    const uint16_t offset = static_cast<uint16_t>(*reinterpret_cast<const int64_t*>(m + kMemberOffset));
    if (strcmp(name, "co_firstlineno") == 0) rt->code_firstlineno = offset;
    else if (strcmp(name, "co_filename") == 0) rt->code_filename = offset;
    else if (strcmp(name, "co_qualname") == 0) rt->code_name = offset;
    else if (strcmp(name, "co_name") == 0 && layout.code_qualname == 0) rt->code_name = offset;
    else if (strcmp(name, "co_linetable") == 0 && layout.line_format != python::LineTableFormat::kLnotab) rt->code_linetable = offset;
    else if (strcmp(name, "co_lnotab") == 0 && layout.line_format == python::LineTableFormat::kLnotab) rt->code_linetable = offset;
  }
  if (layout.code_units != 0) {
    rt->code_units = static_cast<uint16_t>(*reinterpret_cast<const int64_t*>(code_type + kTypeBasicSize));
  }
}

}  // namespace

struct SeenCode {
  uint64_t code;
  uint32_t generation;
  uint32_t used;
};

constexpr uint32_t kSeenEntries = 4096;  // per thread; a full neighbourhood evicts (re-sends)
constexpr uint32_t kSeenProbes = 8;

struct PySlotState {
  SeenCode seen[kSeenEntries];              // handler: announced through the ring
  uint64_t sample[wire::kMaxSampleWords];   // handler: the sample being built
  uint64_t record[wire::kMaxRingRecordWords];  // handler: the code record being built
  std::atomic<uint64_t> tstate{0};          // handler: the thread's state at its last sample
  // Drain thread (wall mode): the blocked thread's Python frames, re-read only when the thread
  // ran since (a thread that does not run cannot move its frames), and the code objects the
  // drain announced itself.
  SeenCode drain_seen[kSeenEntries];
  uint64_t idle_words[wire::kMaxPythonFrames];
  uint32_t idle_count;
  uint32_t idle_section_flags;
  uint64_t idle_cpu_ns;
  bool idle_valid;
};

void detectPython(bool enabled) {
  g_py.found = false;
  g_py.active = false;
  g_py.note[0] = '\0';
  uint32_t major = 0, minor = 0, micro = 0, version_hex = 0;
  if (const void* hex = dlsym(RTLD_DEFAULT, "Py_Version")) {  // 3.11+: const unsigned long
    const unsigned long v = *static_cast<const unsigned long*>(hex);
    version_hex = static_cast<uint32_t>(v);
    major = static_cast<uint32_t>(v >> 24);
    minor = static_cast<uint32_t>((v >> 16) & 0xff);
    micro = static_cast<uint32_t>((v >> 8) & 0xff);
  } else if (auto get_version = reinterpret_cast<const char* (*)()>(dlsym(RTLD_DEFAULT, "Py_GetVersion"))) {
    if (!parseVersion(get_version(), &major, &minor, &micro)) return;
  } else {
    return;  // not a CPython process image
  }
  g_py.found = true;
  g_py.major = major;
  g_py.minor = minor;
  g_py.micro = micro;
  if (!enabled) {
    g_py.status = wire::PythonStatus::kDisabled;
    setNote("Python frames off (--no-python)");
    return;
  }
  const python::VersionLayout* layout = python::layoutFor(major, minor);
  if (layout == nullptr) {
    g_py.status = wire::PythonStatus::kUnsupported;
    setNote("unsupported Python version (3.8 to 3.13 are read): native frames only");
    return;
  }
  const auto* runtime = static_cast<const uint64_t*>(dlsym(RTLD_DEFAULT, "_PyRuntime"));
  g_py.runtime = reinterpret_cast<uint64_t>(runtime);
  if (runtime != nullptr && python::debugOffsetsSayFreeThreaded(runtime)) {
    g_py.status = wire::PythonStatus::kFreeThreaded;
    setNote("free-threaded build (no GIL) is not supported: native frames only");
    return;
  }
  const char* field = "";
  if (runtime != nullptr &&
      python::checkDebugOffsets(runtime, *layout, version_hex, &field) == python::DebugOffsetsCheck::kMismatch) {
    g_py.status = wire::PythonStatus::kInvalid;
    setNote("layout differs from the interpreter's _Py_DebugOffsets at ", field);
    return;
  }
  g_py.this_thread_state = reinterpret_cast<StateFn>(dlsym(RTLD_DEFAULT, "PyGILState_GetThisThreadState"));
  g_py.gil_holder = reinterpret_cast<StateFn>(dlsym(RTLD_DEFAULT, "_PyThreadState_UncheckedGet"));
  if (g_py.gil_holder == nullptr) {
    g_py.gil_holder = reinterpret_cast<StateFn>(dlsym(RTLD_DEFAULT, "PyThreadState_GetUnchecked"));
  }
  const uint64_t code_type = reinterpret_cast<uint64_t>(dlsym(RTLD_DEFAULT, "PyCode_Type"));
  if (g_py.this_thread_state == nullptr || g_py.gil_holder == nullptr || code_type == 0) {
    g_py.status = wire::PythonStatus::kInvalid;
    setNote("interpreter symbols missing (PyGILState_GetThisThreadState, PyCode_Type): native frames only");
    return;
  }
  g_py.rt.layout = layout;
  g_py.rt.code_type = code_type;
  readCodeMembers(code_type, *layout, &g_py.rt);
  // Resolve both calls now: a lazily bound PLT entry must never be bound inside the handler.
  (void)g_py.this_thread_state();
  (void)g_py.gil_holder();
  const uint64_t dealloc_slot = code_type + kTypeDealloc;
  const DeallocFn current = *reinterpret_cast<const DeallocFn*>(dealloc_slot);
  if (current != codeDeallocHook) {
    g_original_code_dealloc = current;
    const DeallocFn hook = codeDeallocHook;
    if (current == nullptr || !safeWrite(dealloc_slot, &hook, sizeof(hook))) {
      g_py.status = wire::PythonStatus::kInvalid;
      setNote("cannot watch code objects being freed (PyCode_Type not writable): native frames only");
      return;
    }
  }
  g_py.status = wire::PythonStatus::kReadable;
  g_py.active = true;
}

bool pythonActive() { return g_py.active; }

bool preparePythonSlot(Slot* slot) {
  if (!g_py.active) return true;
  if (slot->py == nullptr) {
    // Fresh anonymous pages are zero: nothing to clear, and the tables cost memory only as
    // threads fill them.
    void* memory = mmap(nullptr, sizeof(PySlotState), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return false;
    slot->py = static_cast<PySlotState*>(memory);
    return true;
  }
  memset(slot->py->seen, 0, sizeof(slot->py->seen));
  memset(slot->py->drain_seen, 0, sizeof(slot->py->drain_seen));
  slot->py->tstate.store(0, std::memory_order_relaxed);
  slot->py->idle_valid = false;
  return true;
}

bool isPythonGilWait(uint64_t address) {
  if (!g_py.active || g_py.runtime == 0 || g_py.rt.layout->runtime_gil_wait_end == 0) return false;
  return address >= g_py.runtime + g_py.rt.layout->runtime_gil_wait_begin &&
         address < g_py.runtime + g_py.rt.layout->runtime_gil_wait_end;
}

uint64_t* pythonSampleBuffer(Slot* slot) { return slot->py != nullptr ? slot->py->sample : nullptr; }

bool appendPythonInfo(OutBuffer* buffer) {
  if (!g_py.found) return true;
  wire::Python record;
  memset(&record, 0, sizeof(record));
  const size_t note_len = strlen(g_py.note);
  initHeader(&record.header, wire::RecordType::kPython, sizeof(record) + note_len);
  record.major = g_py.major;
  record.minor = g_py.minor;
  record.micro = g_py.micro;
  record.status = g_py.status;
  record.note_len = static_cast<uint32_t>(note_len);
  return appendBytes(buffer, &record, sizeof(record)) && appendBytes(buffer, g_py.note, note_len);
}

namespace {

// --- Signal handler dialect from here on. ---

// Copies a compact str's characters (at most `cap` bytes, whole characters); 0 when the object
// is not a compact str.
template <class Memory>
uint32_t copyString(Memory& memory, uint64_t str, uint8_t* out, uint32_t cap, uint8_t* kind) {
  *kind = 1;
  if (!python::plausiblePointer(str)) return 0;
  const python::VersionLayout& L = *g_py.rt.layout;
  uint64_t length = 0;
  int32_t state = 0;
  if (!memory.u64(str + L.unicode_length, &length) || !memory.i32(str + L.unicode_state, &state)) return 0;
  const bool compact = (state >> 5) & 1, ascii = (state >> 6) & 1;
  const uint32_t width = ascii ? 1 : (state >> 2) & 7;
  if (!compact || (width != 1 && width != 2 && width != 4)) return 0;
  const uint64_t data = str + (ascii ? L.unicode_ascii_data : L.unicode_compact_data);
  uint64_t bytes = length * width;
  if (length > cap || bytes > cap) bytes = cap - cap % width;
  if (!memory.bytes(data, out, bytes)) return 0;
  *kind = static_cast<uint8_t>(width);
  return static_cast<uint32_t>(bytes);
}

template <class Memory>
uint32_t copyBytes(Memory& memory, uint64_t object, uint8_t* out, uint32_t cap) {
  if (!python::plausiblePointer(object)) return 0;
  const python::VersionLayout& L = *g_py.rt.layout;
  uint64_t size = 0;
  if (!memory.u64(object + L.bytes_size, &size) || static_cast<int64_t>(size) < 0) return 0;
  const uint64_t bytes = size > cap ? cap : size;
  return memory.bytes(object + L.bytes_data, out, bytes) ? static_cast<uint32_t>(bytes) : 0;
}

// Builds the PyCode record of `code` in `bytes` (wire::kMaxRingRecordWords words); returns its
// size, a multiple of 8.
template <class Memory>
size_t buildCodeRecord(Memory& memory, int32_t tid, uint64_t code, uint8_t* bytes) {
  wire::PyCode* record = reinterpret_cast<wire::PyCode*>(bytes);
  memset(record, 0, sizeof(*record));
  const python::RuntimeLayout& rt = g_py.rt;
  record->tid = tid;
  record->code = code;
  if (!memory.i32(code + rt.code_firstlineno, &record->firstlineno)) record->firstlineno = 0;
  record->line_format = static_cast<uint8_t>(rt.layout->line_format);
  uint8_t* at = bytes + sizeof(*record);
  uint64_t name = 0, file = 0, table = 0;
  if (memory.u64(code + rt.code_name, &name))
    record->qualname_len = copyString(memory, name, at, wire::kMaxPyNameBytes, &record->qualname_kind);
  at += record->qualname_len;
  if (memory.u64(code + rt.code_filename, &file))
    record->filename_len = copyString(memory, file, at, wire::kMaxPyNameBytes, &record->filename_kind);
  at += record->filename_len;
  if (memory.u64(code + rt.code_linetable, &table))
    record->linetable_len = copyBytes(memory, table, at, wire::kMaxPyLineTableBytes);
  at += record->linetable_len;
  size_t size = static_cast<size_t>(at - bytes);
  while (size % 8 != 0) bytes[size++] = 0;
  initHeader(&record->header, wire::RecordType::kPyCode, size);
  return size;
}

// A PyCode record for `code` into the slot's ring. False if it did not fit (then it is not
// marked seen and is tried again at the next sample).
bool pushCodeRecord(Slot* slot, uint64_t code) {
  DirectMemory memory;
  const size_t size = buildCodeRecord(memory, slot->tid, code, reinterpret_cast<uint8_t*>(slot->py->record));
  wire::SampleHeader ring_header{};
  ring_header.flags = kRingPyCode;
  ring_header.nframes = static_cast<uint16_t>(size / 8);
  return slot->ring.push(ring_header, slot->py->record);
}

// Whether `code` needs announcing in the stream this table describes; marks it announced when
// `announce` succeeds.
template <class Announce>
void announceOnce(SeenCode* seen, uint64_t code, Announce&& announce) {
  const uint32_t generation = g_code_generation[generationBucket(code)].load(std::memory_order_acquire);
  const uint32_t home = static_cast<uint32_t>(((code >> 4) * 0x9e3779b97f4a7c15ull) >> (64 - 12));
  SeenCode* target = &seen[home];
  for (uint32_t probe = 0; probe < kSeenProbes; ++probe) {
    SeenCode& e = seen[(home + probe) & (kSeenEntries - 1)];
    if (e.used && e.code == code) {
      if (e.generation == generation) return;
      target = &e;
      break;
    }
    if (!e.used) {
      target = &e;
      break;
    }
  }
  if (!announce()) return;
  target->code = code;
  target->generation = generation;
  target->used = 1;
}

void noteCode(Slot* slot, uint64_t code) {
  announceOnce(slot->py->seen, code, [&] { return pushCodeRecord(slot, code); });
}

// Recursion repeats one code object frame after frame: look it up once per run of frames.
struct NoteCode {
  Slot* slot;
  uint64_t previous = 0;
  void operator()(uint64_t code) {
    if (code == previous) return;
    previous = code;
    noteCode(slot, code);
  }
};

}  // namespace

bool capturePython(Slot* slot, uint64_t* out, uint32_t native, uint16_t* flags) {
  if (!g_py.active || slot->py == nullptr) return false;
  void* tstate = g_py.this_thread_state();
  if (tstate == nullptr) return false;
  slot->py->tstate.store(reinterpret_cast<uint64_t>(tstate), std::memory_order_relaxed);
  *flags |= wire::kSamplePython;
  if (g_py.gil_holder() == tstate) *flags |= wire::kSampleGil;
  DirectMemory memory;
  uint32_t section_flags = 0;
  const int n = python::walkPythonFrames(g_py.rt, reinterpret_cast<uint64_t>(tstate), memory, out + 1 + native,
                                         static_cast<int>(wire::kMaxPythonFrames), &section_flags,
                                         NoteCode{slot});
  if (section_flags & wire::kPythonCut) *flags |= wire::kSampleTruncated;
  out[0] = wire::PythonSection::make(native, static_cast<uint32_t>(n), section_flags);
  return true;
}

bool refreshIdlePython(Slot* slot, uint64_t cpu_ns, wire::SampleHeader* header, const uint64_t* pcs,
                       uint64_t* out, OutBuffer* codes) {
  PySlotState* py = slot->py;
  if (!g_py.active || py == nullptr || (header->flags & wire::kSamplePython) == 0 || header->nframes == 0) return false;
  const uint64_t tstate = py->tstate.load(std::memory_order_relaxed);
  if (tstate == 0) return false;
  if (!py->idle_valid || py->idle_cpu_ns != cpu_ns) {
    CopiedMemory memory;
    static uint8_t record[wire::kMaxRingRecordWords * 8];
    bool codes_ok = true;
    auto announce = [&](uint64_t code) {
      announceOnce(py->drain_seen, code, [&] {
        const size_t size = buildCodeRecord(memory, slot->tid, code, record);
        codes_ok = codes_ok && appendBytes(codes, record, size);
        return codes_ok;
      });
    };
    py->idle_count = static_cast<uint32_t>(python::walkPythonFrames(
        g_py.rt, tstate, memory, py->idle_words, static_cast<int>(wire::kMaxPythonFrames), &py->idle_section_flags, announce));
    if (!codes_ok) return false;
    py->idle_cpu_ns = cpu_ns;
    py->idle_valid = true;
  }
  const uint32_t native = wire::PythonSection::native(pcs[0]);
  if (1 + native > header->nframes) return false;
  out[0] = wire::PythonSection::make(native, py->idle_count, py->idle_section_flags);
  for (uint32_t i = 0; i < native; ++i) out[1 + i] = pcs[1 + i];
  for (uint32_t i = 0; i < py->idle_count; ++i) out[1 + native + i] = py->idle_words[i];
  header->nframes = static_cast<uint16_t>(1 + native + py->idle_count);
  header->flags = static_cast<uint16_t>(header->flags & ~wire::kSampleGil);  // off CPU: not running Python
  return true;
}

}  // namespace pprof::sampler

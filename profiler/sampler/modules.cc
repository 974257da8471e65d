#include "modules.h"

#include <elf.h>
#include <link.h>
#include <unistd.h>

#include <cstring>

#include "real_functions.h"
#include "state.h"

namespace pprof::sampler {

PPROF_REAL_FN(dl_iterate_phdr)

namespace {

constexpr uint32_t kMaxModules = 2048;

struct KnownModule {
  uint64_t bias, start, end;
  bool seen;
};

KnownModule g_known[kMaxModules];
uint32_t g_known_count = 0;
unsigned long long g_adds = ~0ull;  // never matches before the first scan
unsigned long long g_subs = ~0ull;

struct ScanContext {
  OutBuffer* buffer;
  bool ok;
};

uint8_t findBuildId(const dl_phdr_info* info, uint8_t* out) {
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& phdr = info->dlpi_phdr[i];
    if (phdr.p_type != PT_NOTE) continue;
    const uint64_t align = phdr.p_align == 8 ? 8 : 4;
    const uint8_t* p = reinterpret_cast<const uint8_t*>(info->dlpi_addr + phdr.p_vaddr);
    const uint8_t* end = p + phdr.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(p);
      const uint8_t* name = p + sizeof(ElfW(Nhdr));
      const uint8_t* desc = name + ((note->n_namesz + align - 1) & ~(align - 1));
      if (desc + note->n_descsz > end) break;
      if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
        const uint32_t size = note->n_descsz < 32 ? note->n_descsz : 32;
        memcpy(out, desc, size);
        return static_cast<uint8_t>(size);
      }
      p = desc + ((note->n_descsz + align - 1) & ~(align - 1));
    }
  }
  return 0;
}

bool loadRange(const dl_phdr_info* info, uint64_t* start, uint64_t* end) {
  *start = ~0ull;
  *end = 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& phdr = info->dlpi_phdr[i];
    if (phdr.p_type != PT_LOAD) continue;
    const uint64_t lo = info->dlpi_addr + phdr.p_vaddr;
    const uint64_t hi = lo + phdr.p_memsz;
    if (lo < *start) *start = lo;
    if (hi > *end) *end = hi;
  }
  return *end > *start;
}

bool appendModule(OutBuffer* buffer, const dl_phdr_info* info, uint64_t start, uint64_t end) {
  static char exe_path[wire::kMaxPathBytes];
  const char* path = info->dlpi_name != nullptr ? info->dlpi_name : "";
  size_t path_len = strlen(path);
  if (path_len == 0) {
    const ssize_t n = readlink("/proc/self/exe", exe_path, sizeof(exe_path));
    path = exe_path;
    path_len = n > 0 ? static_cast<size_t>(n) : 0;
  } else if (strncmp(path, "linux-vdso", 10) == 0) {
    path = "[vdso]";  // not a file on disk; the collector reads it from memory or skips it
    path_len = 6;
  }
  if (path_len > wire::kMaxPathBytes) path_len = wire::kMaxPathBytes;
  wire::Module record;
  memset(&record, 0, sizeof(record));
  initHeader(&record.header, wire::RecordType::kModule, sizeof(record) + path_len);
  record.bias = info->dlpi_addr;
  record.start = start;
  record.end = end;
  record.path_len = static_cast<uint32_t>(path_len);
  record.build_id_len = findBuildId(info, record.build_id);
  return appendBytes(buffer, &record, sizeof(record)) && appendBytes(buffer, path, path_len);
}

int scanOne(dl_phdr_info* info, size_t, void* data) {
  auto* context = static_cast<ScanContext*>(data);
  g_adds = info->dlpi_adds;
  g_subs = info->dlpi_subs;
  uint64_t start, end;
  if (!loadRange(info, &start, &end)) return 0;
  for (uint32_t i = 0; i < g_known_count; ++i) {
    KnownModule& known = g_known[i];
    if (known.bias == info->dlpi_addr && known.start == start && known.end == end) {
      known.seen = true;
      return 0;
    }
  }
  if (g_known_count == kMaxModules) return 0;
  g_known[g_known_count++] = KnownModule{info->dlpi_addr, start, end, true};
  if (!appendModule(context->buffer, info, start, end)) context->ok = false;
  return 0;
}

// Our own loader calls run on program threads too (flushes at dlclose/exit): the handler must
// see them as "inside the loader" like the program's, or it would unwind into the lock.
struct InLoader {
  InLoader() { ++t_in_loader; }
  ~InLoader() { --t_in_loader; }
};

int readCounters(dl_phdr_info* info, size_t, void* data) {
  auto* changed = static_cast<bool*>(data);
  *changed = info->dlpi_adds != g_adds || info->dlpi_subs != g_subs;
  return 1;  // the counters are the same in every entry: stop after the first
}

}  // namespace

void resetModules() {
  g_known_count = 0;
  g_adds = ~0ull;
  g_subs = ~0ull;
}

bool modulesChanged() {
  bool changed = true;
  InLoader guard;
  if (auto iterate = real_dl_iterate_phdr()) iterate(readCounters, &changed);
  return changed;
}

bool scanModules(OutBuffer* buffer) {
  auto iterate = real_dl_iterate_phdr();
  if (iterate == nullptr) return false;
  for (uint32_t i = 0; i < g_known_count; ++i) g_known[i].seen = false;
  ScanContext context{buffer, true};
  {
    InLoader guard;
    iterate(scanOne, &context);
  }
  uint32_t kept = 0;
  for (uint32_t i = 0; i < g_known_count; ++i) {
    const KnownModule& known = g_known[i];
    if (known.seen) {
      g_known[kept++] = known;
      continue;
    }
    wire::ModuleUnload record;
    memset(&record, 0, sizeof(record));
    initHeader(&record.header, wire::RecordType::kModuleUnload, sizeof(record));
    record.bias = known.bias;
    record.start = known.start;
    record.end = known.end;
    if (!appendBytes(buffer, &record, sizeof(record))) context.ok = false;
  }
  g_known_count = kept;
  return context.ok;
}

}  // namespace pprof::sampler

#include "regions.h"

#include <pthread.h>
#include <unistd.h>

#include <cstring>

#include "drain.h"
#include "sampler_lifecycle.h"
#include "state.h"

namespace pprof::sampler {
namespace {

constexpr size_t kRegionBufferBytes = 256 << 10;  // ~5,000 records per drain period

OutBuffer g_regions;
pthread_mutex_t g_region_mutex = PTHREAD_MUTEX_INITIALIZER;

__thread uint32_t t_region_gen __attribute__((tls_model("initial-exec"))) = 0;
__thread int32_t t_region_depth __attribute__((tls_model("initial-exec"))) = 0;
__thread pid_t t_tid __attribute__((tls_model("initial-exec"))) = 0;
__thread pid_t t_tid_pid __attribute__((tls_model("initial-exec"))) = 0;

// gettid is a syscall; regions may be marked often, so it is cached (per process: a forked
// child's thread has a new tid).
pid_t cachedTid() {
  if (t_tid_pid != g_state.pid) {
    t_tid = currentTid();
    t_tid_pid = g_state.pid;
  }
  return t_tid;
}

// The calling thread's depth, reset when it belongs to an earlier session.
int32_t& depth() {
  const uint32_t gen = g_state.session_gen.load(std::memory_order_acquire);
  if (t_region_gen != gen) {
    t_region_gen = gen;
    t_region_depth = 0;
  }
  return t_region_depth;
}

bool tryAppend(const wire::Region& record, const char* name) {
  pthread_mutex_lock(&g_region_mutex);
  const bool fits = g_regions.room() >= record.header.size;
  if (fits) {
    memcpy(g_regions.data + g_regions.size, &record, sizeof(record));
    memcpy(g_regions.data + g_regions.size + sizeof(record), name, record.name_len);
    g_regions.size += record.header.size;
  }
  pthread_mutex_unlock(&g_region_mutex);
  return fits;
}

void append(wire::RegionEvent event, const char* name, uint64_t timestamp_ns) {
  wire::Region record;
  memset(&record, 0, sizeof(record));
  record.tid = cachedTid();
  record.event = event;
  record.timestamp_ns = timestamp_ns;
  record.name_len = name != nullptr ? static_cast<uint32_t>(strnlen(name, wire::kMaxRegionName)) : 0;
  initHeader(&record.header, wire::RecordType::kRegion, sizeof(record) + record.name_len);
  if (tryAppend(record, name)) return;
  // A program marking regions faster than the drain sends them waits for one send instead of
  // losing them; if even that fails (collector gone), the record is dropped.
  flushRegionsNow();
  tryAppend(record, name);
}

}  // namespace

bool allocateRegionBuffer() {
  return g_regions.data != nullptr || allocateBuffer(&g_regions, kRegionBufferBytes);
}

void regionBegin(const char* name) {
  if (!samplerActive()) return;
  // The time is read before the gate opens: a sample taken inside the region (any thread)
  // then never looks older than the region's start.
  const uint64_t now = monotonicNs();
  ++depth();
  g_state.open_regions.fetch_add(1, std::memory_order_release);
  append(wire::RegionEvent::kBegin, name != nullptr ? name : "", now);
}

void regionEnd() {
  if (!samplerActive()) return;
  int32_t& d = depth();
  if (d == 0) return;  // begun before this session (or never): nothing to close
  --d;
  g_state.open_regions.fetch_sub(1, std::memory_order_release);
  append(wire::RegionEvent::kEnd, nullptr, monotonicNs());
}

bool appendPendingRegions(OutBuffer* out) {
  // Room for a whole region buffer is made first, outside the lock (marking never waits on a
  // send); then one copy under it.
  if (out->room() < kRegionBufferBytes && (!flushBuffer(out) || out->room() < kRegionBufferBytes)) {
    return false;
  }
  pthread_mutex_lock(&g_region_mutex);
  memcpy(out->data + out->size, g_regions.data, g_regions.size);
  out->size += g_regions.size;
  g_regions.size = 0;
  pthread_mutex_unlock(&g_region_mutex);
  return true;
}

void resetRegionsForSession() {
  g_state.open_regions.store(0, std::memory_order_release);
  g_state.session_gen.fetch_add(1, std::memory_order_acq_rel);
  pthread_mutex_lock(&g_region_mutex);
  g_regions.size = 0;
  pthread_mutex_unlock(&g_region_mutex);
}

void lockRegionsForFork() { pthread_mutex_lock(&g_region_mutex); }
void unlockRegionsAfterFork() { pthread_mutex_unlock(&g_region_mutex); }

void resetRegionsInChild() {
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  g_region_mutex = fresh;
  g_regions.size = 0;
  g_state.open_regions.store(depth(), std::memory_order_release);
}

}  // namespace pprof::sampler

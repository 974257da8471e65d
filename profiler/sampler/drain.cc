#include "drain.h"

#include <errno.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <cstring>

#include "interpose_signals.h"
#include "modules.h"
#include "python_sampling.h"
#include "regions.h"
#include "real_functions.h"
#include "state.h"
#include "idle_time.h"
#include "thread_registry.h"
#include "wire_writer.h"

namespace pprof::sampler {

PPROF_REAL_FN(pthread_create)

namespace {

constexpr size_t kSampleBufferBytes = 1 << 20;
constexpr size_t kModuleBufferBytes = 64 << 10;

OutBuffer g_samples;  // Samples / Thread / Lost records
OutBuffer g_modules;  // Module / ModuleUnload / Hello records, always sent before g_samples

// Sends pending module changes, then the sample buffer (see modules.h for why this order).
bool flushSamples() {
  if (modulesChanged() && !scanModules(&g_modules)) return false;
  if (!flushBuffer(&g_modules)) return false;
  return flushBuffer(&g_samples);
}

bool ensureRoom(size_t bytes) { return g_samples.room() >= bytes || flushSamples(); }

bool appendSamplesHeader(int32_t tid, uint32_t count, size_t payload) {
  wire::Samples record;
  initHeader(&record.header, wire::RecordType::kSamples, sizeof(record) + payload);
  record.tid = tid;
  record.count = count;
  memcpy(g_samples.data + g_samples.size, &record, sizeof(record));
  g_samples.size += sizeof(record);
  return true;
}

// Moves the slot's ring into Samples batches that each fit in the buffer. A code record
// (kRingPyCode) ends the batch before it and goes out as its own PyCode record, so the
// collector reads it before the samples after it.
bool drainRing(Slot* slot) {
  static uint64_t pcs[wire::kMaxRingRecordWords];
  SampleRing& ring = slot->ring;
  uint64_t available = ring.readableWords();
  while (available > 0) {
    wire::SampleHeader header;
    uint64_t words = ring.peek(0, &header, pcs);
    if ((header.flags & kRingPyCode) != 0) {
      const size_t bytes = header.nframes * sizeof(uint64_t);
      if (bytes >= sizeof(wire::PyCode) && !appendBytes(&g_samples, pcs, bytes)) return false;
      ring.consume(words);
      available -= words;
      continue;
    }
    if (!ensureRoom(sizeof(wire::Samples) + (kSampleHeaderWords + wire::kMaxSampleWords) * 8)) return false;
    const size_t header_at = g_samples.size;
    g_samples.size += sizeof(wire::Samples);
    uint32_t count = 0;
    uint64_t consumed = 0;
    while (consumed < available) {
      // Peeking is cheap; a record that does not fit waits for the next batch.
      words = ring.peek(consumed, &header, pcs);
      if ((header.flags & kRingPyCode) != 0) break;
      const size_t bytes = sizeof(header) + header.nframes * sizeof(uint64_t);
      if (g_samples.room() < bytes) break;
      memcpy(g_samples.data + g_samples.size, &header, sizeof(header));
      memcpy(g_samples.data + g_samples.size + sizeof(header), pcs, bytes - sizeof(header));
      g_samples.size += bytes;
      consumed += words;
      ++count;
    }
    const size_t end = g_samples.size;
    g_samples.size = header_at;
    appendSamplesHeader(slot->tid, count, end - header_at - sizeof(wire::Samples));
    g_samples.size = end;
    ring.consume(consumed);
    available -= consumed;
  }
  return true;
}

// Wall mode: the slot's off-CPU time since the last drain, as one idle sample.
bool appendIdleTime(Slot* slot) {
  const uint64_t now = monotonicNs();
  const uint64_t periods = takeIdlePeriods(slot, now);
  // Outside every region (regions_only) the off-CPU time is accounted for, but no sample is
  // built (no stack copy, no /proc read).
  if (periods == 0 || outsideRegions()) return true;
  IdleSample idle;
  if (!idleSample(slot, now, periods, &idle)) return true;
  static uint64_t python_pcs[wire::kMaxSampleWords];
  if (refreshIdlePython(slot, slot->last_cpu_ns, &idle.header, idle.pcs, python_pcs, &g_samples)) idle.pcs = python_pcs;
  const size_t payload = sizeof(idle.header) + idle.header.nframes * sizeof(uint64_t);
  if (!ensureRoom(sizeof(wire::Samples) + payload)) return false;
  appendSamplesHeader(slot->tid, 1, payload);
  memcpy(g_samples.data + g_samples.size, &idle.header, sizeof(idle.header));
  memcpy(g_samples.data + g_samples.size + sizeof(idle.header), idle.pcs, payload - sizeof(idle.header));
  g_samples.size += payload;
  g_state.samples_recorded.fetch_add(1, std::memory_order_relaxed);
  return true;
}

bool reportThread(Slot* slot, uint32_t state) {
  if (!slot->announced) {
    slot->announced = true;
    memcpy(slot->reported_name, slot->name, sizeof(slot->name));
    g_state.threads_seen.fetch_add(1, std::memory_order_relaxed);
    if (!appendThread(&g_samples, slot->tid, wire::ThreadEvent::kSeen, slot->name)) return false;
  } else if (memcmp(slot->reported_name, slot->name, sizeof(slot->name)) != 0 && state == kSlotActive) {
    memcpy(slot->reported_name, slot->name, sizeof(slot->name));
    if (!appendThread(&g_samples, slot->tid, wire::ThreadEvent::kRenamed, slot->name)) return false;
  }
  const uint64_t lost = slot->lost.load(std::memory_order_relaxed);
  if (lost > slot->lost_reported) {
    if (!appendLost(&g_samples, slot->tid, wire::LostReason::kRingFull, lost - slot->lost_reported)) return false;
    g_state.lost_reported_total += lost - slot->lost_reported;
    slot->lost_reported = lost;
  }
  return true;
}

// Caller holds drain_mutex.
bool drainAllLocked() {
  if (g_state.sock_fd < 0) return false;
  if (!appendPendingRegions(&g_samples)) return false;
  const uint32_t end = slotHighWater();  // not all 4096 slots: the sweep itself cost 0.15 points
  for (uint32_t i = 0; i < end; ++i) {
    Slot* slot = &g_state.slots[i];
    const uint32_t state = slot->state.load(std::memory_order_acquire);
    if (state != kSlotActive && state != kSlotExited) continue;
    if (!reportThread(slot, state) || !drainRing(slot)) return false;
    if (g_state.config.mode == ConfigMode::kWall && state == kSlotActive && !appendIdleTime(slot)) return false;
    if (state == kSlotExited) {
      if (!appendThread(&g_samples, slot->tid, wire::ThreadEvent::kExited, slot->name)) return false;
      releaseSlot(slot);
    }
  }
  const uint64_t no_slot = g_state.samples_no_slot.load(std::memory_order_relaxed);
  if (no_slot > g_state.no_slot_reported) {
    if (!appendLost(&g_samples, 0, wire::LostReason::kNoSlot, no_slot - g_state.no_slot_reported)) return false;
    g_state.lost_reported_total += no_slot - g_state.no_slot_reported;
    g_state.no_slot_reported = no_slot;
  }
  return flushSamples();
}

void sleepMs(uint32_t ms) {
  timespec delay{static_cast<time_t>(ms / 1000), static_cast<long>(ms % 1000) * 1000000L};
  while (nanosleep(&delay, &delay) != 0 && errno == EINTR) {
  }
}

void* drainThreadMain(void*) {
  setSamplingSignalBlocked(true);  // the drain thread is never sampled
  prctl(PR_SET_NAME, "pprof-drain", 0, 0, 0);
  g_state.drain_tid.store(currentTid());
  uint64_t last_scan = monotonicNs();
  for (;;) {
    sleepMs(g_state.config.drain_ms);
    pthread_mutex_lock(&g_state.drain_mutex);
    const bool connected = g_state.sock_fd >= 0 && !g_state.goodbye_sent;
    if (connected) drainAllLocked();
    pthread_mutex_unlock(&g_state.drain_mutex);
    if (!connected) continue;  // exec may fail and reconnect; stay cheap meanwhile
    const uint64_t now = monotonicNs();
    if (now - last_scan >= g_state.config.scan_ms * 1000000ull) {
      last_scan = now;
      scanThreads();
    }
  }
  return nullptr;
}

}  // namespace

bool allocateDrainBuffers() {
  return allocateBuffer(&g_samples, kSampleBufferBytes) && allocateBuffer(&g_modules, kModuleBufferBytes);
}

bool startDrainThread() {
  static pid_t started_in = 0;  // one per process; a forked child starts its own
  if (started_in == getpid()) return true;
  auto create = real_pthread_create();
  if (create == nullptr) return false;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);  // never joined: exit won't wait
  pthread_t thread;
  const int rc = create(&thread, &attr, drainThreadMain, nullptr);
  pthread_attr_destroy(&attr);
  if (rc == 0) started_in = getpid();
  return rc == 0;
}

namespace {

void drainAndMaybeSayGoodbye(int32_t goodbye_reason) {
  if (g_state.sock_fd >= 0 && !g_state.goodbye_sent) {
    // Only on the way out: the periodic scan keeps names fresh, and a flush before dlclose
    // must not read every thread's /proc comm.
    if (goodbye_reason >= 0) refreshThreadNames();
    drainAllLocked();
    if (goodbye_reason >= 0 && g_state.sock_fd >= 0) {
      g_state.goodbye_sent = true;
      if (appendGoodbye(&g_samples, goodbye_reason)) flushBuffer(&g_samples);
      close(g_state.sock_fd);
      g_state.sock_fd = -1;
    }
  }
}

// Program threads give up after 2 s: the drain thread holds the lock only for one bounded send.
bool lockDrainBriefly() {
  timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 2;
  return pthread_mutex_timedlock(&g_state.drain_mutex, &deadline) == 0;
}

}  // namespace

void flushNow(int32_t goodbye_reason) {
  if (!lockDrainBriefly()) return;
  drainAndMaybeSayGoodbye(goodbye_reason);
  pthread_mutex_unlock(&g_state.drain_mutex);
}

void flushRegionsNow() {
  if (!lockDrainBriefly()) return;
  if (g_state.sock_fd >= 0 && !g_state.goodbye_sent && appendPendingRegions(&g_samples)) flushSamples();
  pthread_mutex_unlock(&g_state.drain_mutex);
}

void endConnection() {
  // Blocking: every send the drain thread makes meanwhile is bounded by the 2 s send timeout,
  // and pprof_stop() must not return with the connection still open.
  pthread_mutex_lock(&g_state.drain_mutex);
  drainAndMaybeSayGoodbye(0);
  if (g_state.sock_fd >= 0) {  // the goodbye could not be sent: the collector sees EOF instead
    close(g_state.sock_fd);
    g_state.sock_fd = -1;
  }
  pthread_mutex_unlock(&g_state.drain_mutex);
}

bool connectAndAnnounce() {
  pthread_mutex_lock(&g_state.drain_mutex);
  g_state.sock_fd = connectCollector(g_state.config.socket_name);
  bool ok = g_state.sock_fd >= 0;
  if (ok) {
    g_state.goodbye_sent = false;
    g_modules.size = 0;
    g_samples.size = 0;
    resetModules();
    for (uint32_t i = 0; i < kSlotCount; ++i) g_state.slots[i].announced = false;
    ok = appendHello(&g_modules) && appendPythonInfo(&g_modules) && scanModules(&g_modules) &&
         flushBuffer(&g_modules);
  }
  pthread_mutex_unlock(&g_state.drain_mutex);
  return ok;
}

void lockDrainForFork() { pthread_mutex_lock(&g_state.drain_mutex); }
void unlockDrainAfterFork() { pthread_mutex_unlock(&g_state.drain_mutex); }

void resetDrainInChild() {
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  g_state.drain_mutex = fresh;
  if (g_state.sock_fd >= 0) close(g_state.sock_fd);  // the parent's connection
  g_state.sock_fd = -1;
  g_state.drain_tid.store(0);
  g_state.no_slot_reported = 0;
  g_state.lost_reported_total = 0;
  g_state.signals_handled.store(0);
  g_state.samples_recorded.store(0);
  g_state.samples_no_slot.store(0);
  g_state.threads_seen.store(0);
  g_samples.size = 0;
  g_modules.size = 0;
}

}  // namespace pprof::sampler

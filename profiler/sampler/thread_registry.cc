#include "thread_registry.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <new>

#include "clock.h"
#include "idle_time.h"
#include "interpose_signals.h"
#include "python_sampling.h"

namespace pprof::sampler {


namespace {

constexpr uint32_t kMaxScannedTids = 8192;

// One past the highest slot index ever claimed in this process (slots are claimed lowest
// first, so this is the peak thread count, not kSlotCount). Every slot at or above it is FREE,
// so loops over the slots stop there: a sweep of all 4096 slots (448 bytes apart, 1.75 MiB)
// costs one cache miss per slot, measured at ~100 us per sweep on this VM for a two-thread
// program (perf record: 87% of drainAllLocked on the slot-state load). Raised before the
// claimed slot can become ACTIVE (release), never lowered (a forked child keeps the parent's).
std::atomic<uint32_t> g_slot_high_water{0};

void raiseHighWater(uint32_t index) {
  uint32_t seen = g_slot_high_water.load(std::memory_order_relaxed);
  while (seen < index + 1 &&
         !g_slot_high_water.compare_exchange_weak(seen, index + 1, std::memory_order_release,
                                                  std::memory_order_relaxed)) {
  }
}

void* mapZeroed(size_t bytes) {
  void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return memory == MAP_FAILED ? nullptr : memory;
}

void readThreadName(pid_t tid, char* name) {
  char path[64];
  snprintf(path, sizeof(path), "/proc/self/task/%d/comm", tid);
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  char text[17] = {};
  const ssize_t n = read(fd, text, 16);
  close(fd);
  if (n <= 0) return;
  size_t len = static_cast<size_t>(n);
  if (text[len - 1] == '\n') --len;
  memcpy(name, text, len);
  name[len] = '\0';
}

Slot* findActive(pid_t tid) {
  const uint32_t end = slotHighWater();
  for (uint32_t i = 0; i < end; ++i) {
    Slot& slot = g_state.slots[i];
    if (slot.tid == tid && slot.state.load(std::memory_order_acquire) == kSlotActive) return &slot;
  }
  return nullptr;
}

Slot* claimFreeSlot() {
  for (uint32_t i = 0; i < kSlotCount; ++i) {
    uint32_t expected = kSlotFree;
    if (g_state.slots[i].state.compare_exchange_strong(expected, kSlotClaimed)) {
      raiseHighWater(i);
      return &g_state.slots[i];
    }
  }
  return nullptr;
}

bool prepareSlot(Slot* slot, pid_t tid) {
  // Python samples are larger (up to kMaxPythonFrames words more) and code records share the
  // ring: Python threads get at least 1 MiB.
  const uint64_t ring_kib = pythonActive() && g_state.config.ring_kib < 1024 ? 1024 : g_state.config.ring_kib;
  const uint64_t ring_words = ring_kib * 1024ull / sizeof(uint64_t);
  if (slot->ring_words == nullptr) {
    slot->ring_words = static_cast<uint64_t*>(mapZeroed(ring_words * sizeof(uint64_t)));
    if (slot->ring_words == nullptr) return false;
    slot->ring.init(slot->ring_words, ring_words);
  }
  if (g_state.config.mode == ConfigMode::kWall && slot->last_stack == nullptr) {
    slot->last_stack = static_cast<uint64_t*>(mapZeroed(wire::kMaxSampleWords * sizeof(uint64_t)));
    if (slot->last_stack == nullptr) return false;
  }
  if (!preparePythonSlot(slot)) debugLog("python slot state", errno);
  slot->ring.reset();
  slot->tid = tid;
  slot->perf_fd = -1;
  slot->has_timer = false;
  slot->owned = false;
  slot->announced = false;
  slot->lost.store(0, std::memory_order_relaxed);
  slot->lost_reported = 0;
  slot->last_cpu_ns = 0;  // a thread's CPU clock starts at its creation
  slot->last_wall_ns = monotonicNs();
  slot->idle_carry_ns = 0;
  slot->start_pc = 0;
  slot->last_nframes = 0;
  slot->last_flags = 0;
  memset(slot->name, 0, sizeof(slot->name));
  memset(slot->reported_name, 0, sizeof(slot->reported_name));
  return true;
}

}  // namespace

uint32_t slotHighWater() { return g_slot_high_water.load(std::memory_order_acquire); }

uint32_t slotIndex(const Slot* slot) { return static_cast<uint32_t>(slot - g_state.slots); }

bool initRegistry() {
  void* slots = mapZeroed(sizeof(Slot) * kSlotCount);
  void* fds = mapZeroed(sizeof(std::atomic<int32_t>) * kFdTableSize);
  if (slots == nullptr || fds == nullptr) return false;
  g_state.slots = static_cast<Slot*>(slots);
  for (uint32_t i = 0; i < kSlotCount; ++i) new (&g_state.slots[i]) Slot();
  g_state.fd_to_slot = static_cast<std::atomic<int32_t>*>(fds);
  for (uint32_t i = 0; i < kFdTableSize; ++i) new (&g_state.fd_to_slot[i]) std::atomic<int32_t>(-1);
  return true;
}

Slot* registerThread(pid_t tid, bool self) {
  pthread_mutex_lock(&g_state.registry_mutex);
  Slot* slot = findActive(tid);
  if (slot == nullptr) {
    slot = claimFreeSlot();
    if (slot != nullptr && !prepareSlot(slot, tid)) {
      slot->state.store(kSlotFree, std::memory_order_release);
      slot = nullptr;
    }
    if (slot != nullptr) {
      if (self) prctl(PR_GET_NAME, slot->name, 0, 0, 0);
      else readThreadName(tid, slot->name);
      slot->state.store(kSlotActive, std::memory_order_release);
      if (self) t_slot = slot;
      if (g_state.session_active.load(std::memory_order_acquire) && !startThreadClock(slotIndex(slot), tid)) {
        debugLog("start thread clock", errno);
      }
    }
  }
  if (slot != nullptr && self) {
    slot->owned = true;
    t_slot = slot;
  }
  pthread_mutex_unlock(&g_state.registry_mutex);
  return slot;
}

void unregisterCurrentThread() {
  if (g_state.slots == nullptr) return;  // the profiler API was linked but never started
  const pid_t tid = currentTid();
  Slot* slot = t_slot;
  if (slot == nullptr) slot = findActive(tid);  // registered by the /proc scan
  if (slot == nullptr) return;
  setSamplingSignalBlocked(true);  // no tick may land between the clock stop and EXITED
  pthread_mutex_lock(&g_state.registry_mutex);
  if (slot->state.load(std::memory_order_acquire) == kSlotActive && slot->tid == tid) {
    stopThreadClock(slotIndex(slot));
    prctl(PR_GET_NAME, slot->name, 0, 0, 0);
    slot->state.store(kSlotExited, std::memory_order_release);
  }
  pthread_mutex_unlock(&g_state.registry_mutex);
  t_slot = nullptr;
}

void stopAllClocks() {
  pthread_mutex_lock(&g_state.registry_mutex);
  const uint32_t end = slotHighWater();
  for (uint32_t i = 0; i < end; ++i) {
    if (g_state.slots[i].state.load(std::memory_order_acquire) != kSlotFree) stopThreadClock(i);
  }
  pthread_mutex_unlock(&g_state.registry_mutex);
}

void resumeThreads() {
  pthread_mutex_lock(&g_state.registry_mutex);
  const uint64_t now = monotonicNs();
  const uint32_t end = slotHighWater();
  for (uint32_t i = 0; i < end; ++i) {
    Slot& slot = g_state.slots[i];
    const uint32_t state = slot.state.load(std::memory_order_acquire);
    if (state == kSlotExited) releaseSlot(&slot);  // drained when the last session stopped
    if (state != kSlotActive) continue;
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/task/%d", slot.tid);
    if (access(path, F_OK) != 0) {  // ended while no session ran
      releaseSlot(&slot);
      continue;
    }
    slot.ring.reset();
    slot.lost.store(0, std::memory_order_relaxed);
    slot.lost_reported = 0;
    if (!startThreadClock(i, slot.tid)) debugLog("restart thread clock", errno);
    restartIdleTime(&slot, now);
  }
  pthread_mutex_unlock(&g_state.registry_mutex);
}

void releaseSlot(Slot* slot) {
  slot->tid = 0;
  slot->state.store(kSlotFree, std::memory_order_release);
}

void scanThreads() {
  static pid_t tids[kMaxScannedTids];
  uint32_t count = 0;
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return;
  while (dirent* entry = readdir(dir)) {
    const pid_t tid = static_cast<pid_t>(atoi(entry->d_name));
    if (tid > 0 && count < kMaxScannedTids) tids[count++] = tid;
  }
  closedir(dir);
  const pid_t drain = g_state.drain_tid.load();
  for (uint32_t i = 0; i < count; ++i) {
    if (tids[i] != drain && findActive(tids[i]) == nullptr) {
      registerThread(tids[i], false);
    }
  }
  pthread_mutex_lock(&g_state.registry_mutex);
  const uint32_t end = slotHighWater();
  for (uint32_t s = 0; s < end; ++s) {
    Slot& slot = g_state.slots[s];
    if (slot.state.load(std::memory_order_acquire) != kSlotActive) continue;
    bool alive = false;
    for (uint32_t i = 0; i < count && !alive; ++i) alive = tids[i] == slot.tid;
    if (!alive) {
      stopThreadClock(s);
      slot.state.store(kSlotExited, std::memory_order_release);
    } else {
      readThreadName(slot.tid, slot.name);  // notices pthread_setname_np / prctl renames
    }
  }
  pthread_mutex_unlock(&g_state.registry_mutex);
}

void refreshThreadNames() {
  // Called on the way out (exit, _exit, exec); never wait for a lock another thread may hold.
  if (pthread_mutex_trylock(&g_state.registry_mutex) != 0) return;
  const uint32_t end = slotHighWater();
  for (uint32_t s = 0; s < end; ++s) {
    Slot& slot = g_state.slots[s];
    if (slot.state.load(std::memory_order_acquire) != kSlotActive) continue;
    if (&slot == t_slot) {
      prctl(PR_GET_NAME, slot.name, 0, 0, 0);
    } else {
      readThreadName(slot.tid, slot.name);
    }
  }
  pthread_mutex_unlock(&g_state.registry_mutex);
}

void resetRegistryAfterFork() {
  Slot* self = t_slot;
  const uint32_t end = slotHighWater();
  for (uint32_t i = 0; i < end; ++i) {
    Slot& slot = g_state.slots[i];
    if (slot.state.load(std::memory_order_relaxed) == kSlotFree) continue;
    forgetInheritedClock(i);
    slot.ring.reset();
    if (&slot != self) releaseSlot(&slot);
  }
  t_slot = nullptr;
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  g_state.registry_mutex = fresh;
  const uint64_t start_pc = self != nullptr ? self->start_pc : 0;
  if (self != nullptr) self->state.store(kSlotFree, std::memory_order_release);
  if (Slot* slot = registerThread(currentTid(), true)) slot->start_pc = start_pc;
}

}  // namespace pprof::sampler

// The sampler's process-wide state: per-thread slots, the fd -> slot table, the connection,
// counters. Everything is allocated once at start-up (mmap) so that the signal handler only
// ever touches memory that already exists.
//
// Constraints: fields read by the signal handler are atomics or written before the slot is
// published (state ACTIVE, release). Slot lifecycle: FREE -> CLAIMED (registry) -> ACTIVE
// -> EXITED (thread gone, samples may remain) -> FREE (drain thread, after draining it).
#pragma once

#include <pthread.h>
#include <sys/types.h>
#include <time.h>

#include <atomic>
#include <cstdint>

#include "config.h"
#include "ring.h"
#include "wire/wire.h"

namespace pprof::sampler {

enum SlotState : uint32_t { kSlotFree = 0, kSlotClaimed = 1, kSlotActive = 2, kSlotExited = 3 };

constexpr uint32_t kSlotCount = 4096;
constexpr uint32_t kFdTableSize = 1 << 16;
constexpr uint32_t kTimerMagic = 0x5a000000;  // sigev_value.sival_int = magic | slot index

struct PySlotState;  // python_sampling.cc

struct Slot {
  std::atomic<uint32_t> state{kSlotFree};
  int32_t tid = 0;
  int32_t perf_fd = -1;
  bool has_timer = false;
  timer_t timer{};
  bool owned = false;      // registered by the thread itself (pthread_create trampoline)
  bool announced = false;  // drain thread sent the kSeen record (drain-only)
  char name[16] = {};
  char reported_name[16] = {};  // last name sent to the collector (drain-only)
  SampleRing ring;
  uint64_t* ring_words = nullptr;  // mmap'ed once, kept across reuse of the slot
  std::atomic<uint64_t> lost{0};   // handler: ring full
  uint64_t lost_reported = 0;      // drain-only
  // Wall mode: the drain thread's view of this thread's off-CPU time (idle_time.cc).
  clockid_t cpu_clock = 0;
  uint64_t last_cpu_ns = 0;      // thread CPU clock at the previous idle accounting
  uint64_t last_wall_ns = 0;     // CLOCK_MONOTONIC at the previous idle accounting
  uint64_t idle_carry_ns = 0;    // off-CPU time not yet worth a whole period
  uint64_t start_pc = 0;         // stands for the stack until the thread's first CPU sample
  std::atomic<uint32_t> stack_seq{0};  // seqlock over last_stack (odd while being written)
  uint16_t last_nframes = 0;
  uint16_t last_flags = 0;
  uint64_t* last_stack = nullptr;  // kMaxSampleWords entries, wall mode only
  PySlotState* py = nullptr;       // Python processes only (python_sampling.h), kept across reuse
};

struct SamplerState {
  Config config;
  std::atomic<bool> enabled{false};  // handler records samples only while true
  // Between the start and the stop of a recording session: threads registered meanwhile get a
  // clock. Always true under pprof-run; the profiler API's pprof_stop() clears it.
  std::atomic<bool> session_active{false};
  std::atomic<uint32_t> session_gen{0};     // bumped per session: stale region depths are reset
  std::atomic<int32_t> open_regions{0};     // regions open in this process (regions_only gate)
  bool from_environment = false;  // PPROF_SAMPLER configured us (pprof-run), not the API
  int signal = 0;
  wire::ClockKind clock = wire::ClockKind::kPerfTaskClock;
  bool perf_exclude_kernel = false;
  pid_t pid = 0;
  int sock_fd = -1;
  bool goodbye_sent = false;
  Slot* slots = nullptr;
  std::atomic<int32_t>* fd_to_slot = nullptr;  // kFdTableSize entries, -1 = none
  pthread_mutex_t drain_mutex = PTHREAD_MUTEX_INITIALIZER;     // socket + ring consumers
  pthread_mutex_t registry_mutex = PTHREAD_MUTEX_INITIALIZER;  // slot claiming
  std::atomic<uint64_t> loader_generation{0};
  std::atomic<uint64_t> signals_handled{0};
  std::atomic<uint64_t> samples_recorded{0};
  std::atomic<uint64_t> samples_no_slot{0};
  std::atomic<uint64_t> unwind_faults{0};  // unwinds cut short by a fault (fault_guard.h)
  std::atomic<uint32_t> threads_seen{0};
  uint64_t no_slot_reported = 0;      // drain-only
  uint64_t lost_reported_total = 0;   // drain-only: sum of all Lost records sent
  std::atomic<int32_t> drain_tid{0};
  uint64_t start_monotonic_ns = 0;
  uint64_t start_realtime_ns = 0;
};

extern SamplerState g_state;

// regions_only and no region open in this process: nothing is kept (the handler drops the tick,
// the drain drops the off-CPU time). One relaxed load: read in the signal handler.
inline bool outsideRegions() {
  return g_state.config.regions_only && g_state.open_regions.load(std::memory_order_relaxed) <= 0;
}

// Initial-exec TLS: the library is preloaded, so its TLS block is static and reading it in the
// signal handler never calls __tls_get_addr (which may allocate).
extern __thread Slot* t_slot __attribute__((tls_model("initial-exec")));
extern __thread int t_in_loader __attribute__((tls_model("initial-exec")));
// Non-zero while this thread runs the sampling handler. Code the handler calls (libunwind)
// masks signals around its locks with sigprocmask; our sigprocmask wrapper must then let the
// mask through unchanged, and a nested tick is dropped, or the handler would re-enter itself
// and wait forever on a lock its interrupted self holds.
extern __thread int t_in_handler __attribute__((tls_model("initial-exec")));

uint64_t monotonicNs();
uint64_t realtimeNs();
pid_t currentTid();

// One line on stderr when config debug=1; otherwise silent (the program's output is sacred).
void debugLog(const char* what, int err);

}  // namespace pprof::sampler

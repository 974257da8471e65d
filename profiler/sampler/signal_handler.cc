// Dialect of this file (it runs inside the sampling signal handler, at any instruction of the
// program): no malloc/new, no locks, no stdio, no loader calls, no syscalls (clock_gettime
// goes through the vDSO), no exceptions; only atomics, stack buffers and memory allocated at
// start-up. errno is preserved. Functions from other files called here must follow the same
// rules: captureStack (after warm-up), capturePython, SampleRing::push, forwardToChainedHandler.
// sigsetjmp (without saving the mask: no syscall) arms the fault guard around the unwind and
// around the Python frame walk.
#include "signal_handler.h"

#include <errno.h>
#include <ucontext.h>

#include <cstdint>

#include "fault_guard.h"
#include "interpose_signals.h"
#include "python_sampling.h"
#include "state.h"
#include "unwind.h"

namespace pprof::sampler {
namespace {

// Frames of the handler itself and the signal trampoline that precede the interrupted PC.
constexpr int kHandlerSlack = 8;
constexpr int kCaptureCapacity = static_cast<int>(wire::kMaxFrames) + kHandlerSlack;

// Decides whether the signal is one of our sampling ticks and, if so, for which slot.
bool classify(const siginfo_t* info, Slot** slot, uint32_t* weight) {
  *slot = nullptr;
  *weight = 1;
  if (info->si_code == SI_TIMER) {  // POSIX CPU timer fallback
    const uint32_t value = static_cast<uint32_t>(info->si_value.sival_int);
    if ((value & 0xff000000u) != kTimerMagic) return false;
    const uint32_t index = value & 0x00ffffffu;
    if (index < kSlotCount) *slot = &g_state.slots[index];
    *weight = 1 + static_cast<uint32_t>(info->si_overrun > 0 ? info->si_overrun : 0);
    return true;
  }
  if (info->si_code <= 0) return false;  // kill/tgkill/sigqueue from someone else
  // Perf-event overflow: si_code POLL_IN, si_fd = the thread's event fd.
  const int fd = info->si_fd;
  if (fd >= 0 && static_cast<uint32_t>(fd) < kFdTableSize) {
    const int32_t index = g_state.fd_to_slot[fd].load(std::memory_order_acquire);
    if (index >= 0) *slot = &g_state.slots[index];
  }
  return true;
}

// captureStack under the fault guard: a corrupt stack that makes the unwinder fault yields 0
// frames instead of a crash. Kept apart so that sigsetjmp clobbers nothing of the caller's.
__attribute__((noinline)) int guardedCaptureStack(uint64_t* buffer, int capacity) {
  sigjmp_buf guard;
  volatile int n = 0;
  if (sigsetjmp(guard, 0) == 0) {
    t_unwind_guard = &guard;
    n = captureStack(buffer, capacity);
  }
  t_unwind_guard = nullptr;
  return n;
}

// The thread's Python section after its `native` PCs, under the fault guard: a fault in the
// walk (a frame freed under us) leaves the sample native-only. On success the native PCs are
// copied in front of the Python frames and the whole sample lives in `out`.
__attribute__((noinline)) bool guardedCapturePython(Slot* slot, uint64_t* out, const uint64_t* pcs,
                                                     uint32_t native, uint16_t* flags) {
  sigjmp_buf guard;
  volatile bool ok = false;
  uint16_t python_flags = 0;
  if (sigsetjmp(guard, 0) == 0) {
    t_unwind_guard = &guard;
    ok = capturePython(slot, out, native, &python_flags);
  }
  t_unwind_guard = nullptr;
  if (!ok) return false;
  for (uint32_t i = 0; i < native; ++i) out[1 + i] = pcs[i];
  *flags |= python_flags;
  return true;
}

void rememberStackForWallMode(Slot* slot, const wire::SampleHeader& header, const uint64_t* pcs) {
  if (slot->last_stack == nullptr) return;
  const uint32_t seq = slot->stack_seq.load(std::memory_order_relaxed);
  slot->stack_seq.store(seq + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  for (uint16_t i = 0; i < header.nframes; ++i) slot->last_stack[i] = pcs[i];
  slot->last_nframes = header.nframes;
  slot->last_flags = header.flags;
  slot->stack_seq.store(seq + 2, std::memory_order_release);
}

void recordSample(Slot* slot, const ucontext_t* uc, uint32_t weight) {
  const uint64_t rip = static_cast<uint64_t>(uc->uc_mcontext.gregs[REG_RIP]);
  uint64_t buffer[kCaptureCapacity];
  const uint64_t* pcs = buffer;
  wire::SampleHeader header{};
  header.timestamp_ns = monotonicNs();
  header.weight = weight;
  if (t_in_loader > 0) {
    // Unwinding would need the loader's lock (dl_iterate_phdr), which this thread may hold.
    buffer[0] = rip;
    header.nframes = 1;
    header.flags = wire::kSampleInLoader;
  } else {
    const int n = guardedCaptureStack(buffer, kCaptureCapacity);
    int first = -1;
    for (int i = 0; i < n && i <= kHandlerSlack + 2; ++i) {
      if (buffer[i] == rip) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      buffer[0] = rip;
      header.nframes = 1;
      header.flags = wire::kSampleUnwindFailed;
    } else {
      int count = n - first;
      if (n == kCaptureCapacity || count > static_cast<int>(wire::kMaxFrames)) {
        header.flags |= wire::kSampleTruncated;
        if (count > static_cast<int>(wire::kMaxFrames)) count = wire::kMaxFrames;
      }
      pcs = buffer + first;
      header.nframes = static_cast<uint16_t>(count);
    }
  }
  if (uint64_t* py = pythonSampleBuffer(slot);
      py != nullptr && (header.flags & wire::kSampleInLoader) == 0 &&
      guardedCapturePython(slot, py, pcs, header.nframes, &header.flags)) {
    header.nframes = static_cast<uint16_t>(1 + header.nframes + wire::PythonSection::python(py[0]));
    pcs = py;
  }
  if (slot->ring.push(header, pcs)) {
    g_state.samples_recorded.fetch_add(1, std::memory_order_relaxed);
  } else {
    slot->lost.fetch_add(1, std::memory_order_relaxed);
  }
  rememberStackForWallMode(slot, header, pcs);
}

}  // namespace

void samplerSignalHandler(int sig, siginfo_t* info, void* ucontext) {
  const int saved_errno = errno;
  if (g_state.config.bench == BenchMode::kEmptyHandler) {
    errno = saved_errno;
    return;
  }
  Slot* slot = nullptr;
  uint32_t weight = 1;
  if (!classify(info, &slot, &weight)) {
    forwardToChainedHandler(sig, info, ucontext);
    errno = saved_errno;
    return;
  }
  g_state.signals_handled.fetch_add(1, std::memory_order_relaxed);
  if (slot == nullptr) slot = t_slot;
  if (t_in_handler > 0) {  // a tick inside our own handler: never re-enter the unwinder
    if (slot != nullptr) slot->lost.fetch_add(1, std::memory_order_relaxed);
    errno = saved_errno;
    return;
  }
  ++t_in_handler;
  if (g_state.enabled.load(std::memory_order_acquire) && !outsideRegions()) {
    if (slot != nullptr && slot->state.load(std::memory_order_acquire) == kSlotActive) {
      recordSample(slot, static_cast<const ucontext_t*>(ucontext), weight);
    } else {
      g_state.samples_no_slot.fetch_add(1, std::memory_order_relaxed);
    }
  }
  --t_in_handler;
  errno = saved_errno;
}

}  // namespace pprof::sampler

// Perf events on one thread of another process, each with its own mmap ring buffer: the
// sampling clock (a software task-clock with pid = the thread's tid, cpu = -1, no inherit), and
// a dummy "side band" event for that thread's records (it created a thread, renamed one,
// exited, mapped executable code).
//
// Nothing is ever stopped or signalled: when the clock fires, the kernel copies the thread's
// user registers and the top of its user stack into the ring, and the thread goes on. pprof-run
// reads the ring and unwinds the copy in its own process.
//
// Why per thread: per-task events with cpu = -1 cannot share a ring across threads (the kernel
// refuses IOC_SET_OUTPUT between tasks) and inherited events need one event per CPU per thread,
// so one ring per thread is what scales with thread count rather than with CPUs x threads.
//
// Closing the fd (or pprof-run dying for any reason) removes the event: that is the detach.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/result.h"

namespace pprof::attach {

struct EventConfig {
  uint64_t period_ns = 0;         // task-clock time between samples
  uint32_t stack_bytes = 16384;   // user stack copied per sample (multiple of 8, < 64 KiB)
  bool exclude_kernel = false;    // true when perf_event_paranoid forbids counting kernel time
  uint32_t ring_pages = 32;       // data pages per thread (a power of two)
};

// Ring size per thread: room for ~50 ms of samples of a thread running flat out (the reader
// may be kept off a busy CPU that long), at least 8 pages, at most 256 (1 MiB), halved while
// the rings of `threads` threads together would pin more than 64 MiB. At 199 Hz with 16 KiB
// stacks: 64 pages (256 KiB) per thread.
uint32_t ringPagesFor(uint32_t stack_bytes, uint64_t period_ns, size_t threads);

class PerfThreadEvent {
 public:
  // Opens the clock on `tid`. On failure the errno is in *error_number (EACCES/EPERM: not
  // permitted; ESRCH: the thread is gone; EMFILE: out of fds; ...). When mmap is refused
  // because of the locked-memory limit, the ring is halved (down to 2 pages) and
  // `config.ring_pages` is updated so later threads start from the size that worked.
  static Result<std::unique_ptr<PerfThreadEvent>> open(pid_t tid, EventConfig& config,
                                                       int* error_number);
  // The side-band event of `tid` (small ring, wakes the reader at every record).
  static Result<std::unique_ptr<PerfThreadEvent>> openSideband(pid_t tid, EventConfig& config,
                                                               int* error_number);
  ~PerfThreadEvent();
  PerfThreadEvent(const PerfThreadEvent&) = delete;
  PerfThreadEvent& operator=(const PerfThreadEvent&) = delete;

  int fd() const { return fd_; }

  // Calls fn(record, size) for each complete record in the ring, oldest first, and frees its
  // space right after the call. A record that wraps around the end of the ring is passed as a
  // contiguous copy. Returns the number of records.
  template <typename Fn>
  size_t drain(Fn&& fn) {
    size_t n = 0;
    const uint8_t* record;
    size_t size;
    while (next(&record, &size)) {
      fn(record, size);
      consume(size);
      ++n;
    }
    return n;
  }

 private:
  PerfThreadEvent() = default;
  static Result<std::unique_ptr<PerfThreadEvent>> openWith(pid_t tid, EventConfig& config, bool sideband,
                                                           int* error_number);
  bool next(const uint8_t** record, size_t* size);
  void consume(size_t size);

  int fd_ = -1;
  void* base_ = nullptr;
  size_t map_bytes_ = 0;
  size_t data_bytes_ = 0;
  uint64_t head_ = 0;  // data_head read by the last next()
  uint64_t tail_ = 0;
  std::unique_ptr<uint8_t[]> wrap_;  // contiguous copy of a wrapping record
};

}  // namespace pprof::attach

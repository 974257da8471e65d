#include "attach/perf_thread_event.h"

#include <fcntl.h>
#include <linux/perf_event.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "attach/perf_records.h"

namespace pprof::attach {
namespace {

int perfEventOpen(perf_event_attr* attr, pid_t tid) {
  return static_cast<int>(syscall(SYS_perf_event_open, attr, tid, -1, -1, PERF_FLAG_FD_CLOEXEC));
}

// What both events of a thread share: a software event, user space only when the kernel's
// paranoia asks for it, woken by a byte watermark.
perf_event_attr softwareAttr(uint64_t event, const EventConfig& config, uint32_t wakeup_bytes) {
  perf_event_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  attr.size = sizeof(attr);
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = event;
  attr.exclude_kernel = config.exclude_kernel ? 1 : 0;
  attr.exclude_hv = 1;
  // Sample times on the clock the rest of pprof-run (and the recorder) uses.
  attr.use_clockid = 1;
  attr.clockid = CLOCK_MONOTONIC;
  attr.watermark = 1;
  attr.wakeup_watermark = wakeup_bytes;
  return attr;
}

// Wakes the reader at a quarter of the ring, not per sample: a wakeup per sample would add an
// irq_work + wakeup to the target's own time. The reader also drains on a timer.
perf_event_attr clockAttr(const EventConfig& config) {
  perf_event_attr attr = softwareAttr(PERF_COUNT_SW_TASK_CLOCK, config,
                                      static_cast<uint32_t>(config.ring_pages * static_cast<size_t>(getpagesize()) / 4));
  attr.sample_period = config.period_ns;
  attr.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_REGS_USER |
                     PERF_SAMPLE_STACK_USER;
  attr.sample_regs_user = kSampledRegsMask;
  attr.sample_stack_user = config.stack_bytes;
  return attr;
}

// The side band of one thread: the threads it creates, renames, its exit, and executable
// mappings (dlopen), on a dummy event that wakes the reader at every record. They are rare, and
// a prompt FORK record is what lets a new thread be watched within microseconds of its start.
// wakeup_events counts samples only; side-band records wake the reader through the watermark,
// so a 1-byte watermark wakes it at every record.
perf_event_attr sidebandAttr(const EventConfig& config) {
  perf_event_attr attr = softwareAttr(PERF_COUNT_SW_DUMMY, config, 1);
  attr.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
  attr.task = 1;
  attr.comm = 1;
  attr.mmap = 1;
  attr.sample_id_all = 1;
  return attr;
}

constexpr size_t kSidebandPages = 2;
constexpr uint64_t kRingBufferingNs = 50'000'000;
constexpr uint32_t kMaxRingPages = 256, kMinRingPages = 8;
constexpr uint64_t kRingBudgetPages = 16384;

}  // namespace

uint32_t ringPagesFor(uint32_t stack_bytes, uint64_t period_ns, size_t threads) {
  const uint64_t samples = period_ns ? kRingBufferingNs / period_ns + 1 : 1;
  const uint64_t bytes = (stack_bytes + 256ull) * samples;
  const uint64_t page = static_cast<uint64_t>(getpagesize());
  uint64_t pages = kMinRingPages;
  while (pages < kMaxRingPages && pages * page < bytes) pages *= 2;
  while (pages > kMinRingPages && pages * std::max<size_t>(threads, 1) > kRingBudgetPages) pages /= 2;
  return static_cast<uint32_t>(pages);
}

Result<std::unique_ptr<PerfThreadEvent>> PerfThreadEvent::open(pid_t tid, EventConfig& config,
                                                               int* error_number) {
  return openWith(tid, config, /*sideband=*/false, error_number);
}

Result<std::unique_ptr<PerfThreadEvent>> PerfThreadEvent::openSideband(pid_t tid, EventConfig& config,
                                                                       int* error_number) {
  return openWith(tid, config, /*sideband=*/true, error_number);
}

Result<std::unique_ptr<PerfThreadEvent>> PerfThreadEvent::openWith(pid_t tid, EventConfig& config,
                                                                   bool sideband, int* error_number) {
  *error_number = 0;
  const size_t page = static_cast<size_t>(getpagesize());
  for (;;) {
    perf_event_attr attr = sideband ? sidebandAttr(config) : clockAttr(config);
    int fd = perfEventOpen(&attr, tid);
    if (fd < 0) {
      *error_number = errno;
      return Status::fromErrno("perf_event_open(tid " + std::to_string(tid) + ")", errno);
    }
    const size_t data_pages = sideband ? kSidebandPages : config.ring_pages;
    size_t bytes = (1 + data_pages) * page;
    void* base = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base != MAP_FAILED) {
      std::unique_ptr<PerfThreadEvent> event(new PerfThreadEvent());
      event->fd_ = fd;
      event->base_ = base;
      event->map_bytes_ = bytes;
      event->data_bytes_ = data_pages * page;
      return event;
    }
    int err = errno;
    close(fd);
    if (err == EPERM && !sideband && config.ring_pages > 2) {
      // perf_event_mlock_kb and RLIMIT_MEMLOCK bound what an unprivileged user can pin; the
      // watermark depends on the size, so the event is opened again.
      config.ring_pages /= 2;
      continue;
    }
    *error_number = err;
    return Status::fromErrno("mmap perf ring of tid " + std::to_string(tid), err);
  }
}

PerfThreadEvent::~PerfThreadEvent() {
  if (base_) munmap(base_, map_bytes_);
  if (fd_ >= 0) close(fd_);
}

bool PerfThreadEvent::next(const uint8_t** record, size_t* size) {
  auto* meta = static_cast<perf_event_mmap_page*>(base_);
  if (tail_ == head_) {
    head_ = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
    if (tail_ == head_) return false;
  }
  const uint8_t* data = static_cast<const uint8_t*>(base_) + getpagesize();
  const size_t offset = static_cast<size_t>(tail_ % data_bytes_);
  perf_event_header header;
  // Records are 8-byte aligned and the ring is a multiple of pages: a header never wraps.
  std::memcpy(&header, data + offset, sizeof(header));
  if (header.size < sizeof(header) || header.size > head_ - tail_) {
    tail_ = head_;  // cannot happen with a sane kernel; resynchronise rather than loop
    __atomic_store_n(&meta->data_tail, tail_, __ATOMIC_RELEASE);
    return false;
  }
  *size = header.size;
  if (offset + header.size <= data_bytes_) {
    *record = data + offset;
    return true;
  }
  if (!wrap_) wrap_.reset(new uint8_t[65536]);  // header.size is a u16
  const size_t first = data_bytes_ - offset;
  std::memcpy(wrap_.get(), data + offset, first);
  std::memcpy(wrap_.get() + first, data, header.size - first);
  *record = wrap_.get();
  return true;
}

void PerfThreadEvent::consume(size_t size) {
  tail_ += size;
  __atomic_store_n(&static_cast<perf_event_mmap_page*>(base_)->data_tail, tail_, __ATOMIC_RELEASE);
}

}  // namespace pprof::attach

// The live side of `pprof-run --pid`: one perf task-clock per thread of the target, their
// rings drained into decoded records (the same Record shapes the sampler's wire stream
// decodes to, so RunRecorder builds the profile exactly as for a launched run).
//
// Threads: every tid in /proc/PID/task when attaching (listed twice, around opening the
// clocks, so a thread created meanwhile is not missed); afterwards a thread is opened as soon
// as its creator's side-band ring reports the clone (PERF_RECORD_FORK wakes the loop at once),
// and /proc/PID/task is rescanned periodically for threads whose creator was not watched yet.
// Child processes are not followed.
//
// Wall mode adds, every wall tick, idle samples for the time each thread spent off CPU
// (off_cpu.h), with its state as the leaf frame (state_frames.h) and, where the kernel lets us
// read it, the stack it is blocked in: /proc/PID/task/TID/syscall gives the user sp and pc of a
// blocked thread, and its stack is stable while it sleeps, so it is copied and unwound like a
// sample. Reading that file does not wake or signal the thread.
//
// Not thread-safe: driven by the session's single-threaded loop.
#pragma once

#include <poll.h>
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "attach/off_cpu.h"
#include "attach/perf_thread_event.h"
#include "attach/proc_info.h"
#include "attach/remote_unwinder.h"
#include "collector/wire_decoder.h"
#include "common/result.h"

namespace pprof::attach {

using RecordFn = std::function<void(const collector::Record&)>;

struct AttachCounters {
  uint64_t samples = 0;          // samples passed on
  uint64_t idle_samples = 0;     // wall mode: off-CPU samples synthesized
  uint64_t kernel_lost = 0;      // dropped by the kernel: a ring was full
  uint64_t throttled = 0;        // times the kernel throttled a clock (too much perf time)
  uint64_t no_user_regs = 0;     // samples without user context (thread exiting)
  uint64_t threads_seen = 0;
  uint64_t threads_unwatched = 0;  // could not open a clock on them (EMFILE, ...)
  uint64_t blocked_stacks = 0;   // wall mode: blocked stacks unwound (cache misses)
  uint64_t unwind_ns = 0;        // pprof-run's time spent unwinding samples
  uint64_t record_bytes = 0;     // bytes read from the rings
  uint64_t threads_announced = 0;      // threads opened from a FORK record
  uint64_t announce_delay_ns = 0;      // sum over them of clone -> clock open
  uint64_t announce_delay_max_ns = 0;
};

class AttachedProcess {
 public:
  struct Config {
    pid_t pid = 0;
    bool wall = false;
    EventConfig event;
  };

  // Opens the clocks. If the very first perf_event_open is refused, returns an error and puts
  // its errno in *open_errno, so the caller can explain it; later refusals are threads exiting.
  static Result<std::unique_ptr<AttachedProcess>> attach(const Config& config, RecordFn emit,
                                                         int* open_errno);
  ~AttachedProcess();  // closes every clock (detaches)

  // Waits up to `timeout_ms` for a ring (each wakes at its watermark), a clock hung up by its
  // thread's exit, or `also_fd` (the session's signalfd) to become readable. The hang-ups seen
  // here are what drain() retires, after reading those rings to the end.
  void wait(int also_fd, int timeout_ms);
  // Reads every ring; handles the side-band records; passes samples on.
  void drain();
  // Picks up threads the FORK records missed, retires vanished ones. Returns false once the
  // process is gone (exited, or its pid now belongs to another process).
  bool rescan(uint64_t now_ns);
  // Wall mode: idle samples for the off-CPU time since the last tick.
  void wallTick(uint64_t now_ns);
  // Final drain, then closes every clock. The target runs on untouched.
  void detach();

  const AttachCounters& counters() const { return counters_; }
  const UnwindStats& unwindStats() const { return unwinder_->stats(); }
  size_t liveThreads() const;
  const EventConfig& eventConfig() const { return config_.event; }
  // Why wall mode could not read blocked stacks (empty if it could, or never tried).
  const std::string& blockedStackProblem() const { return blocked_problem_; }

 private:
  struct Thread {
    pid_t tid = 0;
    std::unique_ptr<PerfThreadEvent> event;     // the sampling clock
    std::unique_ptr<PerfThreadEvent> sideband;  // fork / comm / exit / mmap records
    std::string name;
    bool exited = false;
    bool hung_up = false;  // the last wait() saw the clock's POLLHUP: the thread has exited
    OffCpuClock off_cpu;
    std::vector<uint64_t> last_stack;  // latest on-CPU stack (wall mode's fallback)
    std::unique_ptr<ProcFile> schedstat;  // wall mode
    // Wall mode: where the thread last slept, kept while its CPU time does not move (a thread
    // that has not run since is still blocked in the same place and state).
    bool sleep_known = false;
    uint64_t sleep_cpu_ns = 0;
    uint64_t sleep_state_address = 0;
    uint64_t blocked_sp = 0, blocked_pc = 0;
    std::vector<uint64_t> sleep_stack;
    uint16_t sleep_flags = 0;
    int64_t sleep_syscall = -1;  // the call it is blocked in, -1 if unknown
  };

  AttachedProcess(const Config& config, RecordFn emit, std::unique_ptr<RemoteUnwinder> unwinder);
  bool watching(pid_t tid) const;  // known and not exited
  // Starts watching `tid`; false with *err set if perf_event_open failed.
  bool watch(pid_t tid, uint64_t now_ns, int* err);
  void retire(Thread& thread, uint64_t now_ns);
  void handleRecord(Thread& ring_owner, const uint8_t* data, size_t size,
                    collector::SamplesRecord& batch);
  void handleSample(Thread& thread, const uint8_t* data, size_t size, collector::SamplesRecord& batch);
  void refreshModules(uint64_t now_ns);
  void emitModules();
  void emitThread(pid_t tid, wire::ThreadEvent event, uint64_t time_ns, const std::string& name);
  void emitIdle(Thread& thread, uint64_t now_ns, uint64_t state_address,
                const std::vector<uint64_t>& stack, uint16_t flags, uint32_t periods);
  // Sets thread.sleep_stack/sleep_flags to where the thread is blocked now.
  void readBlockedStack(Thread& thread);
  void watchAnnounced();
  void readRing(Thread& thread);

  Config config_;
  RecordFn emit_;
  std::unique_ptr<RemoteUnwinder> unwinder_;
  std::map<pid_t, Thread> threads_;
  // (tid, creation time) announced by FORK records, opened by watchAnnounced().
  std::vector<std::pair<pid_t, uint64_t>> to_watch_;
  bool modules_dirty_ = false;        // an executable mapping appeared
  uint64_t last_module_refresh_ns_ = 0;
  bool can_read_blocked_ = true;
  std::string blocked_problem_;
  std::vector<uint8_t> stack_buffer_;
  std::vector<pollfd> poll_fds_;  // wait()'s, kept to reuse its memory
  AttachCounters counters_;
};

}  // namespace pprof::attach

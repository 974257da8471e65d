// Unwinds copies of another process's user stacks with DWARF call-frame information (libdwfl),
// entirely inside pprof-run: the target is never stopped or read while it runs the sample.
//
// The modules come from /proc/PID/maps (dwfl_linux_proc_report); the unwinder's thread state
// is attached with custom callbacks whose registers are the sampled ones and whose memory is
// the sampled stack copy, so every read the unwinder makes is bounded by that copy
// (failure mode 9 cannot happen here: a bad stack makes the unwind stop, never fault).
//
// Not thread-safe (libdw is not); pprof-run's event loop is single-threaded.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attach/perf_records.h"
#include "common/result.h"

namespace pprof::attach {

// An ELF object mapped into the target, as the recorder's Module record wants it.
struct RemoteModule {
  std::string path;       // as mapped ("/usr/lib/x86_64-linux-gnu/libc.so.6", "[vdso]")
  std::string build_id;   // raw bytes (up to 32), empty if none
  uint64_t start = 0;     // runtime range [start, end)
  uint64_t end = 0;
  uint64_t bias = 0;      // runtime address = ELF virtual address + bias
};

struct UnwindResult {
  std::vector<uint64_t> pcs;  // leaf first: pcs[0] the PC, then return addresses
  uint16_t flags = 0;         // wire::SampleFlags: kSampleTruncated, kSampleUnwindFailed
};

struct UnwindStats {
  uint64_t unwinds = 0;
  uint64_t frames = 0;
  uint64_t failed = 0;      // the unwinder stopped with an error (no CFI, bad stack)
  uint64_t truncated = 0;   // ran past the stack copy or kMaxFrames
  uint64_t module_refreshes = 0;
};

class RemoteUnwinder {
 public:
  // Reads /proc/PID/maps. Fails with the reason (e.g. "read /proc/123/maps: Permission denied").
  static Result<std::unique_ptr<RemoteUnwinder>> create(pid_t pid);
  ~RemoteUnwinder();
  RemoteUnwinder(const RemoteUnwinder&) = delete;
  RemoteUnwinder& operator=(const RemoteUnwinder&) = delete;

  // Re-reads /proc/PID/maps (after a dlopen). Modules still mapped keep their cached ELF/CFI.
  Status refreshModules();
  // Modules reported since the last call (all of them the first time).
  std::vector<RemoteModule> takeNewModules();
  // True if `pc` is inside a known module.
  bool knowsAddress(uint64_t pc);

  // Unwinds from `regs` over a copy of the stack starting at regs.sp. A perf sample has every
  // register of UserRegs; a sleeping thread seen through /proc/PID/task/TID/syscall has only
  // ip and sp (callee_saved false: the others are not used).
  UnwindResult unwind(const UserRegs& regs, bool callee_saved, const uint8_t* stack, uint64_t stack_size);

  const UnwindStats& stats() const { return stats_; }

 private:
  struct Impl;
  explicit RemoteUnwinder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  UnwindStats stats_;
};

}  // namespace pprof::attach

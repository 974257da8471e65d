// Decoding of the perf ring-buffer records pprof-run --pid asks for (see perf_thread_event.h):
// samples carrying the thread's user registers and a copy of its user stack, and the side-band
// records (thread created, renamed, exited, executable mapped, samples lost).
//
// Pure and defensive: a record is a byte span copied out of a kernel ring; every length is
// checked against it before use, and a record that does not add up is rejected, never trusted.
// Views point into the span they were decoded from and live as long as it does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/result.h"

namespace pprof::attach {

// x86_64 registers that DWARF call-frame information can refer to when unwinding user code:
// the stack and frame pointers, the PC and the callee-saved registers. Caller-saved registers
// are never restored by CFI, so copying them would only make every sample bigger.
// Values are bit numbers of perf's sample_regs_user (arch/x86/include/uapi/asm/perf_regs.h).
enum PerfReg : int {
  kPerfRegBx = 1,
  kPerfRegBp = 6,
  kPerfRegSp = 7,
  kPerfRegIp = 8,
  kPerfRegR12 = 20,
  kPerfRegR13 = 21,
  kPerfRegR14 = 22,
  kPerfRegR15 = 23,
};
constexpr uint64_t kSampledRegsMask = (1ull << kPerfRegBx) | (1ull << kPerfRegBp) |
                                      (1ull << kPerfRegSp) | (1ull << kPerfRegIp) |
                                      (1ull << kPerfRegR12) | (1ull << kPerfRegR13) |
                                      (1ull << kPerfRegR14) | (1ull << kPerfRegR15);
constexpr int kSampledRegCount = 8;

// The user registers of one sample, by name. `valid` is false when the sample was taken with
// no user context (a kernel thread, or the task was exiting).
struct UserRegs {
  bool valid = false;
  uint64_t bx = 0, bp = 0, sp = 0, ip = 0, r12 = 0, r13 = 0, r14 = 0, r15 = 0;
};

struct SampleView {
  uint64_t ip = 0;       // where the clock fired: a kernel address when it hit a syscall
  int32_t pid = 0;
  int32_t tid = 0;
  uint64_t time_ns = 0;  // CLOCK_MONOTONIC (the events use use_clockid)
  UserRegs regs;
  const uint8_t* stack = nullptr;  // copy of the user stack from regs.sp upwards
  uint64_t stack_size = 0;         // bytes of `stack` actually copied (dyn_size)
};

enum class SideKind { kFork, kExit, kComm, kMmap, kLost, kThrottle, kOther };

// The non-sample records. Which fields mean something depends on `kind`.
struct SideRecord {
  SideKind kind = SideKind::kOther;
  int32_t pid = 0;        // fork/exit/comm/mmap: the process
  int32_t tid = 0;        // fork/exit: the new / exiting thread; comm: the renamed thread
  int32_t parent_tid = 0; // fork: the thread that created it
  uint64_t time_ns = 0;   // fork/exit: event time; others: 0 when unknown
  uint64_t lost = 0;      // lost: samples the kernel dropped (ring full)
  bool exec = false;      // comm: the name changed because of exec
  bool throttled = false; // throttle: true = throttled, false = unthrottled
  std::string name;       // comm: the new name; mmap: the mapped file
};

// Decodes a PERF_RECORD_SAMPLE laid out for sample_type IP|TID|TIME|REGS_USER|STACK_USER with
// kSampledRegsMask. `data` starts at the perf_event_header.
Result<SampleView> decodeSample(const uint8_t* data, size_t size);

// Decodes any other record type; unknown types come back as kOther.
Result<SideRecord> decodeSideRecord(const uint8_t* data, size_t size);

// perf_event_header.type of a sample record (PERF_RECORD_SAMPLE), so callers need not include
// the kernel header to dispatch.
bool isSampleRecord(const uint8_t* data, size_t size);

}  // namespace pprof::attach

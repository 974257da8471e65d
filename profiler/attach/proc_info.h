// What pprof-run --pid reads about the target from /proc, and the pure parsers behind it (so
// the odd cases -- a comm with spaces and parentheses, a thread that is "running" -- are
// unit-tested without a live process).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace pprof::attach {

// /proc/PID/stat fields we use.
struct ProcStat {
  char state = '?';          // R S D T t Z X I ...
  int32_t ppid = 0;
  uint64_t flags = 0;        // PF_* (PF_KTHREAD = 0x00200000)
  uint64_t start_ticks = 0;  // starttime, clock ticks since boot: tells a reused pid apart
};
Result<ProcStat> parseProcStat(const std::string& text);

// /proc/PID/status fields we use.
struct ProcStatus {
  int32_t tgid = 0;
  int32_t tracer_pid = 0;
  uint32_t uid = 0;   // real uid
  uint32_t euid = 0;
  uint64_t cap_effective = 0;
};
Result<ProcStatus> parseProcStatus(const std::string& text);

// /proc/PID/task/TID/schedstat: time on CPU and time waiting on a run queue, in ns.
struct SchedStat {
  uint64_t cpu_ns = 0;
  uint64_t wait_ns = 0;
};
Result<SchedStat> parseSchedStat(const std::string& text);

// /proc/PID/task/TID/syscall: for a blocked thread, the syscall number (-1 if it is blocked
// outside a syscall, e.g. in a page fault) and its user stack pointer and PC.
struct BlockedAt {
  bool running = false;  // the thread was on a CPU: no registers
  int64_t syscall = -1;
  uint64_t sp = 0;
  uint64_t pc = 0;
};
Result<BlockedAt> parseSyscallFile(const std::string& text);

// "1 2 3" -> {1, 2, 3}; non-numeric names ignored.
std::vector<pid_t> parseTaskIds(const std::vector<std::string>& names);

// A /proc file kept open and re-read from offset 0 each time: for files read many times a
// second (wall mode reads every thread's schedstat every tick), this saves the path lookup,
// open and close that dominate a small read.
class ProcFile {
 public:
  explicit ProcFile(std::string path) : path_(std::move(path)) {}
  ~ProcFile();
  ProcFile(const ProcFile&) = delete;
  ProcFile& operator=(const ProcFile&) = delete;
  Result<std::string> read();

 private:
  std::string path_;
  int fd_ = -1;
};

// Live readers. Errors carry the path and errno text; *error_number gets the errno.
Result<ProcStat> readProcStat(pid_t pid, pid_t tid, int* error_number = nullptr);  // tid 0: process
Result<ProcStatus> readProcStatus(pid_t pid, int* error_number = nullptr);
std::string schedStatPath(pid_t pid, pid_t tid);
Result<BlockedAt> readBlockedAt(pid_t pid, pid_t tid, int* error_number = nullptr);
Result<std::vector<pid_t>> listThreads(pid_t pid);
std::string readThreadName(pid_t pid, pid_t tid);  // "" when gone
std::string readExecutable(pid_t pid);              // "" when unreadable
std::vector<std::string> readCommandLine(pid_t pid);
// Owner of /proc/PID: root (not the process's uid) when the process is not dumpable.
std::optional<uint32_t> procDirOwner(pid_t pid);
// An integer sysctl such as "kernel/perf_event_paranoid"; nullopt when absent.
std::optional<int> readSysctl(const std::string& name);
std::string userName(uint32_t uid);  // "alice", or "uid 1000" when unknown

// Copies up to `size` bytes of the target's memory at `address` (process_vm_readv); returns
// how many were read (0 on failure).
size_t readTargetMemory(pid_t pid, uint64_t address, uint8_t* out, size_t size);

}  // namespace pprof::attach

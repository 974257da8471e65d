// Why the kernel refused to let pprof-run watch a process, in one line that says what to do.
// Pure: the facts are gathered by the caller (attach_session.cc) from /proc and sysctls, so
// every wording is unit-tested.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace pprof::attach {

struct AccessFacts {
  int32_t pid = 0;
  std::string target_name;        // comm of the target, e.g. "app"
  int error_number = 0;           // errno from perf_event_open (EACCES / EPERM / ...)
  uint32_t my_euid = 0;
  std::string my_user;
  bool privileged = false;        // CAP_SYS_ADMIN, or both CAP_PERFMON and CAP_SYS_PTRACE
  uint32_t target_euid = 0;
  std::string target_user;
  std::optional<uint32_t> proc_dir_owner;  // root although the process is ours: not dumpable
  std::optional<int> perf_event_paranoid;
  std::optional<int> yama_ptrace_scope;    // nullopt without the Yama LSM
};

// "cannot attach to process 123 (app): not permitted: <why>; <what to do>"
std::string explainAccessDenied(const AccessFacts& facts);

// Remarks that do not stop the attach but change what the profile can show. Empty if none.
// A tracer (gdb, strace) is no obstacle to perf events, but while it holds the process stopped
// there is nothing to sample; Yama's ptrace_scope >= 1 keeps wall mode from reading where a
// sleeping thread is blocked.
std::string tracerNote(int32_t pid, int32_t tracer_pid, const std::string& tracer_name);
std::string yamaNote(const std::optional<int>& scope, bool privileged, bool wall_mode);

}  // namespace pprof::attach

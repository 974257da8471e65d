// Before attaching: is PID a process we can and should profile? Answers with what the session
// needs to know about it, or with the one-line reason it cannot be profiled.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "attach/access_diagnosis.h"
#include "common/result.h"

namespace pprof::attach {

struct TargetInfo {
  pid_t pid = 0;              // the process (thread-group) id, even if a thread id was given
  pid_t ppid = 0;
  std::string name;           // comm
  std::string executable;     // /proc/PID/exe, may be empty
  std::vector<std::string> command;
  uint64_t start_ticks = 0;   // to notice the pid being reused after the process exits
  int32_t tracer_pid = 0;
  std::string note;           // e.g. "PID is a thread of process N", empty if nothing to say
};

// "no such process: 123", "process 2 (kthreadd) is a kernel thread: ...", permission problems
// explained through explainAccessDenied.
Result<TargetInfo> checkTarget(pid_t pid, pid_t self);

// Gathers the facts for explainAccessDenied about `pid` after a refusal with `error_number`.
AccessFacts accessFacts(pid_t pid, const std::string& name, int error_number);

// True if this process may profile any process (CAP_SYS_ADMIN, or CAP_PERFMON + CAP_SYS_PTRACE).
bool runningPrivileged();

}  // namespace pprof::attach

#include "attach/target_check.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "attach/proc_info.h"

namespace pprof::attach {
namespace {

constexpr uint64_t kPfKthread = 0x00200000;
constexpr int kCapSysPtrace = 19, kCapSysAdmin = 21, kCapPerfmon = 38;

bool hasCap(uint64_t caps, int cap) { return (caps >> cap) & 1; }

}  // namespace

bool runningPrivileged() {
  auto self = readProcStatus(getpid());
  if (!self) return geteuid() == 0;
  uint64_t caps = self.value().cap_effective;
  return hasCap(caps, kCapSysAdmin) || (hasCap(caps, kCapPerfmon) && hasCap(caps, kCapSysPtrace));
}

AccessFacts accessFacts(pid_t pid, const std::string& name, int error_number) {
  AccessFacts f;
  f.pid = pid;
  f.target_name = name;
  f.error_number = error_number;
  f.my_euid = geteuid();
  f.my_user = userName(f.my_euid);
  f.privileged = runningPrivileged();
  if (auto status = readProcStatus(pid)) {
    f.target_euid = status.value().euid;
    f.target_user = userName(f.target_euid);
  } else {
    f.target_euid = f.my_euid;  // unknown: do not claim a user mismatch
  }
  f.proc_dir_owner = procDirOwner(pid);
  f.perf_event_paranoid = readSysctl("kernel/perf_event_paranoid");
  f.yama_ptrace_scope = readSysctl("kernel/yama/ptrace_scope");
  return f;
}

Result<TargetInfo> checkTarget(pid_t pid, pid_t self) {
  const std::string id = std::to_string(pid);
  int err = 0;
  auto status = readProcStatus(pid, &err);
  if (!status) {
    if (err == ENOENT || err == ESRCH) return Status::error("no such process: " + id);
    return Status::error("cannot read /proc/" + id + "/status: " + status.message());
  }
  TargetInfo t;
  t.pid = status.value().tgid;
  t.tracer_pid = status.value().tracer_pid;
  if (t.pid != pid) {
    t.note = id + " is a thread of process " + std::to_string(t.pid) + "; attaching to the whole process";
  }
  if (t.pid == self) return Status::error("--pid " + id + " is pprof-run itself");
  t.name = readThreadName(t.pid, 0);
  auto stat = readProcStat(t.pid, 0, &err);
  if (!stat) {
    if (err == ENOENT || err == ESRCH) return Status::error("no such process: " + id);
    return Status::error("cannot read /proc/" + std::to_string(t.pid) + "/stat: " + stat.message());
  }
  const std::string who = "process " + std::to_string(t.pid) + (t.name.empty() ? "" : " (" + t.name + ")");
  if (stat.value().flags & kPfKthread) {
    return Status::error(who + " is a kernel thread: it has no user-space code to profile");
  }
  if (stat.value().state == 'Z' || stat.value().state == 'X') {
    return Status::error(who + " has already exited (a zombie waiting for its parent to reap it)");
  }
  t.ppid = stat.value().ppid;
  t.start_ticks = stat.value().start_ticks;
  // /proc/PID/maps needs the same permission as the perf clocks (ptrace read access): checking
  // it first gives the same explanation before anything is set up.
  std::string maps = "/proc/" + std::to_string(t.pid) + "/maps";
  int fd = open(maps.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    err = errno;
    if (err == ENOENT || err == ESRCH) return Status::error("no such process: " + id);
    if (err == EACCES || err == EPERM) return Status::error(explainAccessDenied(accessFacts(t.pid, t.name, err)));
    return Status::fromErrno("open " + maps, err);
  }
  char byte;
  ssize_t n = read(fd, &byte, 1);
  err = errno;
  close(fd);
  if (n < 0 && (err == EACCES || err == EPERM)) {
    return Status::error(explainAccessDenied(accessFacts(t.pid, t.name, err)));
  }
  t.executable = readExecutable(t.pid);
  t.command = readCommandLine(t.pid);
  return t;
}

}  // namespace pprof::attach

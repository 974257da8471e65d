#include "attach/access_diagnosis.h"

#include <cstring>

namespace pprof::attach {
namespace {

std::string who(const std::string& user, uint32_t uid) {
  if (user.empty() || user == "uid " + std::to_string(uid)) return "uid " + std::to_string(uid);
  return user + " (uid " + std::to_string(uid) + ")";
}

}  // namespace

std::string explainAccessDenied(const AccessFacts& f) {
  std::string head = "cannot attach to process " + std::to_string(f.pid) +
                     (f.target_name.empty() ? "" : " (" + f.target_name + ")") + ": not permitted: ";
  // Checked in the order the kernel applies them to perf_event_open.
  if (!f.privileged && f.perf_event_paranoid && *f.perf_event_paranoid > 2) {
    return head + "kernel.perf_event_paranoid is " + std::to_string(*f.perf_event_paranoid) +
           ", which forbids perf events to unprivileged users; run as root, or lower it with "
           "'sudo sysctl kernel.perf_event_paranoid=2'";
  }
  if (!f.privileged && f.target_euid != f.my_euid) {
    return head + "it runs as " + who(f.target_user, f.target_euid) + " and you are " +
           who(f.my_user, f.my_euid) + "; run pprof-run as that user or as root";
  }
  if (!f.privileged && f.proc_dir_owner && *f.proc_dir_owner != f.target_euid) {
    return head + "the process is not dumpable (a set-user-ID or file-capability program, or it "
                  "called prctl(PR_SET_DUMPABLE, 0)); run pprof-run as root";
  }
  std::string reason = f.error_number ? std::strerror(f.error_number) : "refused";
  if (f.privileged) {
    return head + "perf_event_open: " + reason +
           " even with privileges: the process may run in an enclosing user namespace (another "
           "container's or the host's), or a security module (SELinux, AppArmor) forbids it";
  }
  std::string sysctl = f.perf_event_paranoid
                           ? " (kernel.perf_event_paranoid is " + std::to_string(*f.perf_event_paranoid) + ")"
                           : "";
  return head + "perf_event_open: " + reason + sysctl +
         "; run pprof-run as root or with CAP_PERFMON and CAP_SYS_PTRACE";
}

std::string tracerNote(int32_t pid, int32_t tracer_pid, const std::string& tracer_name) {
  if (tracer_pid <= 0) return "";
  return "note: process " + std::to_string(pid) + " is traced by " +
         (tracer_name.empty() ? "pid " + std::to_string(tracer_pid)
                              : tracer_name + " (pid " + std::to_string(tracer_pid) + ")") +
         "; pprof-run still attaches (it does not use ptrace), but while the tracer keeps the "
         "process stopped there is nothing to sample";
}

std::string yamaNote(const std::optional<int>& scope, bool privileged, bool wall_mode) {
  if (!wall_mode || privileged || !scope || *scope < 1) return "";
  return "note: kernel.yama.ptrace_scope is " + std::to_string(*scope) +
         ": sleeping threads are shown at their last on-CPU stack, not at the call they block "
         "in; run as root for blocking stacks";
}

}  // namespace pprof::attach

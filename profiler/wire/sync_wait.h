// Which system calls earn an idle sample kSampleSyncWait (wire.h): a thread blocked in one of
// them waits for other threads or processes (futex, wait4, waitid, sigwait), not for the outside
// world (sleep, I/O). Both producers of wall-mode idle samples read the call number from
// /proc/.../task/TID/syscall and must agree on the list: the sampler (sampler/idle_time.cc, no
// allocation, no exceptions) and pprof-run --pid (attach/attached_process.cc).
#pragma once

#include <sys/syscall.h>

namespace pprof::wire {

constexpr bool isSynchronizationWaitSyscall(long number) {
  return number == SYS_futex || number == SYS_wait4 || number == SYS_waitid ||
         number == SYS_rt_sigtimedwait || number == SYS_rt_sigsuspend
#ifdef SYS_futex_waitv
         || number == SYS_futex_waitv
#endif
      ;
}

}  // namespace pprof::wire

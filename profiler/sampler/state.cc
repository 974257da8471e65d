#include "state.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace pprof::sampler {

SamplerState g_state;

__thread Slot* t_slot __attribute__((tls_model("initial-exec"))) = nullptr;
__thread int t_in_loader __attribute__((tls_model("initial-exec"))) = 0;
__thread int t_in_handler __attribute__((tls_model("initial-exec"))) = 0;

uint64_t monotonicNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

uint64_t realtimeNs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

pid_t currentTid() { return static_cast<pid_t>(syscall(SYS_gettid)); }

void debugLog(const char* what, int err) {
  if (!g_state.config.debug) return;
  char line[256];
  const char* reason = err != 0 ? strerror(err) : "failed";
  const int n = snprintf(line, sizeof(line), "pprof-sampler[%d]: %s: %s\n", getpid(), what, reason);
  if (n > 0) {
    const ssize_t ignored = write(2, line, static_cast<size_t>(n) < sizeof(line) ? n : sizeof(line) - 1);
    (void)ignored;
  }
}

}  // namespace pprof::sampler

// The library's constructor and destructor. Under pprof-run (PPROF_SAMPLER set) the constructor
// starts the one recording session of this process image; with PPROF_OUTPUT instead it starts
// the environment mode (environment_mode.h); without either the library waits, dormant, for
// the profiler API (api.cc). Any failure leaves the program running unprofiled and
// silent (the profiled program is sacred: no output, no crash, same exit status); only the
// environment mode, which the user switched on by hand, says in one stderr line that it could
// not record.
#include <stdlib.h>
#include <unistd.h>

#include <atomic>

#include "api_session.h"
#include "config.h"
#include "drain.h"
#include "environment_mode.h"
#include "sampler_lifecycle.h"
#include "session.h"
#include "state.h"

namespace pprof::sampler {
namespace {

std::atomic<bool> g_running{false};

__attribute__((constructor)) void samplerConstructor() {
  const int saved_errno = errno;
  Config config;
  if (parseConfig(getenv(wire::kEnvConfig), &config)) {
    g_state.config = config;
    g_state.from_environment = true;
    startSession();
  } else {
    prepareDormant();
    startEnvironmentMode();
  }
  errno = saved_errno;
}

__attribute__((destructor)) void samplerDestructor() {
  const int saved_errno = errno;
  if (!finishApiSessionAtExit() && samplerRunning()) flushNow(0);
  errno = saved_errno;
}

}  // namespace

bool samplerRunning() {
  return g_running.load(std::memory_order_acquire) && getpid() == g_state.pid;
}

bool samplerActive() { return g_running.load(std::memory_order_acquire); }

void setSamplerRunning(bool running) { g_running.store(running, std::memory_order_release); }

}  // namespace pprof::sampler

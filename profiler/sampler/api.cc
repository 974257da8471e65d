// The profiler API (profiler/api/include/pprof/profiler.h): pprof_start/pprof_stop and
// regions, exported from this library so that a program linked against it works alone
// (pprof_start spawns pprof-collect) and under pprof-run (the preloaded copy and the linked
// one share the soname, so the loader maps one copy; the calls then mark regions of the run).
//
// Constraints: normal context, never from a signal handler. start/stop are serialized by one
// mutex; regions take only the region buffer's lock. Nothing here prints: failures are
// returned, with a message for pprof_last_error().
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api_session.h"
#include "collect_launch.h"
#include "regions.h"
#include "sampler_lifecycle.h"
#include "session.h"
#include "state.h"

// The public declarations: the definitions below must match them.
#include "pprof/profiler.h"

namespace pprof::sampler {
namespace {

constexpr int kFinishTimeoutMs = 300000;  // symbolizing a big program takes seconds, not minutes
constexpr const char kRunRegion[] = "profile";  // what pprof_start marks under pprof-run

pthread_mutex_t g_api_mutex = PTHREAD_MUTEX_INITIALIZER;
bool g_api_active = false;   // a standalone session started by pprof_start in g_api_owner
pid_t g_api_owner = 0;
CollectorProcess g_collector;
bool g_run_region_open = false;  // under pprof-run: pprof_start opened the "profile" region
bool g_atfork_installed = false;

__thread char t_error[512] __attribute__((tls_model("initial-exec")));

int fail(const char* format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(t_error, sizeof(t_error), format, args);
  va_end(args);
  return -1;
}

// A fork while another thread holds the API lock must not leave the child's copy locked.
void apiForkPrepare() { pthread_mutex_lock(&g_api_mutex); }
void apiForkParent() { pthread_mutex_unlock(&g_api_mutex); }
void apiForkChild() {
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  g_api_mutex = fresh;
}

// The options string ("hz=4000;mode=wall") checked with the sampler's own parser.
bool parseOptions(const char* options, Config* config) {
  char text[1024];
  const int n = snprintf(text, sizeof(text), "%s;socket=pending", options != nullptr ? options : "");
  return n > 0 && static_cast<size_t>(n) < sizeof(text) && parseConfig(text, config);
}

int startStandalone(const char* path, const char* options, bool until_exit = false) {
  if (g_api_active && g_api_owner == getpid()) return fail("already started; call pprof_stop() first");
  if (samplerRunning()) return fail("already recording: the parent started it before fork()");
  Config config;
  if (!parseOptions(options, &config)) {
    return fail("bad options '%s' (keys: hz, mode, clock, regions_only, debug; e.g. \"hz=4000;mode=wall\")",
                options);
  }
  if (!g_atfork_installed) g_atfork_installed = pthread_atfork(apiForkPrepare, apiForkParent, apiForkChild) == 0;
  CollectorProcess collector;
  if (!launchCollector(path, &config, &collector, t_error, sizeof(t_error), until_exit)) return -1;
  g_state.config = config;
  if (!startSession()) {
    abandonCollector(&collector);
    unlink(path);  // only the header was written: no half profile left behind
    return fail("the sampler could not start (libunwind.so.8, a sampling clock or a free real-time "
                "signal is missing; the option \"debug=1\" prints why on stderr)");
  }
  g_collector = collector;
  g_api_active = true;
  g_api_owner = getpid();
  return 0;
}

int stopStandalone() {
  if (!g_api_active) {
    // A forked child of a recording process records too (into the parent's profile); it may
    // stop its own part.
    if (!samplerRunning()) return fail("not started");
    stopSession();
    return 0;
  }
  if (g_api_owner != getpid()) {  // that child, holding a copy of the parent's state
    if (samplerRunning()) stopSession();
    if (g_collector.status_fd >= 0) close(g_collector.status_fd);
    g_collector = CollectorProcess{};
    g_api_active = false;
    return 0;
  }
  stopSession();
  g_api_active = false;
  const bool done = finishCollector(&g_collector, kFinishTimeoutMs, t_error, sizeof(t_error));
  g_collector = CollectorProcess{};
  return done ? 0 : -1;
}

}  // namespace

bool startApiSession(const char* path, const char* options, bool until_exit, const char** error) {
  pthread_mutex_lock(&g_api_mutex);
  const int rc = startStandalone(path, options, until_exit);
  pthread_mutex_unlock(&g_api_mutex);
  *error = t_error;
  return rc == 0;
}

const Config& apiSessionConfig() { return g_state.config; }

bool finishApiSessionAtExit() {
  if (pthread_mutex_trylock(&g_api_mutex) != 0) return false;  // never wait at exit
  const bool mine = g_api_active && g_api_owner == getpid();
  if (mine) stopStandalone();  // as pprof_stop(): waits until the file is complete
  pthread_mutex_unlock(&g_api_mutex);
  return mine;
}

}  // namespace pprof::sampler

using namespace pprof::sampler;

#define PPROF_EXPORT extern "C" __attribute__((visibility("default")))

PPROF_EXPORT int pprof_start_options(const char* path, const char* options) noexcept {
  const int saved_errno = errno;
  pthread_mutex_lock(&g_api_mutex);
  int rc;
  if (g_state.from_environment) {
    // pprof-run records the whole run already: mark the span instead of writing `path`.
    rc = g_run_region_open ? fail("already started; call pprof_stop() first") : 0;
    if (rc == 0) {
      g_run_region_open = true;
      regionBegin(kRunRegion);
    }
  } else if (path == nullptr || path[0] == '\0') {
    rc = fail("no output file given");
  } else {
    rc = startStandalone(path, options);
  }
  pthread_mutex_unlock(&g_api_mutex);
  errno = saved_errno;
  return rc;
}

PPROF_EXPORT int pprof_start(const char* path) noexcept { return pprof_start_options(path, nullptr); }

PPROF_EXPORT int pprof_stop(void) noexcept {
  const int saved_errno = errno;
  pthread_mutex_lock(&g_api_mutex);
  int rc;
  if (g_state.from_environment) {
    rc = g_run_region_open ? 0 : fail("not started");
    if (rc == 0) {
      g_run_region_open = false;
      regionEnd();
    }
  } else {
    rc = stopStandalone();
  }
  pthread_mutex_unlock(&g_api_mutex);
  errno = saved_errno;
  return rc;
}

PPROF_EXPORT void pprof_region_begin(const char* name) noexcept {
  const int saved_errno = errno;
  regionBegin(name);
  errno = saved_errno;
}

PPROF_EXPORT void pprof_region_end(void) noexcept {
  const int saved_errno = errno;
  regionEnd();
  errno = saved_errno;
}

PPROF_EXPORT const char* pprof_last_error(void) noexcept { return t_error; }

#include "collect_launch.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "state.h"
#include "wire_writer.h"

extern char** environ;

namespace pprof::sampler {
namespace {

constexpr int kReadyTimeoutMs = 10000;
constexpr int kListenFd = 3;  // the collector's fds, as its command line says
constexpr int kStatusFd = 4;

void setError(char* error, size_t len, const char* format, const char* a = "", const char* b = "") {
  snprintf(error, len, format, a, b);
}

bool executable(const char* path) { return access(path, X_OK) == 0; }

// strlcpy: truncates (never overflows) and always terminates.
void copyText(char* out, size_t len, const char* text) {
  const size_t n = strnlen(text, len - 1);
  memcpy(out, text, n);
  out[n] = '\0';
}

// <dir of this library>/../../bin/pprof-collect, canonicalized.
bool besideLibrary(char* out, size_t len, char* tried, size_t tried_len) {
  Dl_info info;
  char library[PATH_MAX];
  if (dladdr(reinterpret_cast<void*>(&besideLibrary), &info) == 0 || info.dli_fname == nullptr ||
      realpath(info.dli_fname, library) == nullptr) {
    return false;
  }
  char* slash = strrchr(library, '/');
  if (slash == nullptr) return false;
  *slash = '\0';
  char candidate[PATH_MAX + 32];
  snprintf(candidate, sizeof(candidate), "%s/../../bin/pprof-collect", library);
  char resolved[PATH_MAX];
  const bool found = realpath(candidate, resolved) != nullptr && executable(resolved);
  copyText(tried, tried_len, found ? resolved : candidate);
  if (found) copyText(out, len, resolved);
  return found;
}

bool inPath(char* out, size_t len) {
  const char* path = getenv("PATH");
  if (path == nullptr) return false;
  while (*path != '\0') {
    const char* end = strchr(path, ':');
    const size_t n = end != nullptr ? static_cast<size_t>(end - path) : strlen(path);
    if (n > 0 && n < PATH_MAX) {
      char candidate[PATH_MAX + 32];
      snprintf(candidate, sizeof(candidate), "%.*s/pprof-collect", static_cast<int>(n), path);
      if (executable(candidate)) {
        copyText(out, len, candidate);
        return true;
      }
    }
    if (end == nullptr) break;
    path = end + 1;
  }
  return false;
}

bool findCollector(char* out, size_t len, char* error, size_t error_len) {
  const char* forced = getenv("PPROF_COLLECT");
  if (forced != nullptr && forced[0] != '\0') {
    if (executable(forced)) {
      copyText(out, len, forced);
      return true;
    }
    snprintf(error, error_len, "PPROF_COLLECT=%s: %s", forced, strerror(errno));
    return false;
  }
  char tried[PATH_MAX + 32] = "";
  if (besideLibrary(out, len, tried, sizeof(tried)) || inPath(out, len)) return true;
  snprintf(error, error_len,
           "pprof-collect not found (looked for %s and in PATH; set PPROF_COLLECT to its path)",
           tried[0] != '\0' ? tried : "it next to libpprof-sampler.so");
  return false;
}

// A bound, listening abstract socket "pprof-api-<pid>-<random>"; its name goes to `name`.
int listenAbstract(char* name, size_t name_len) {
  uint64_t random = 0;
  if (getrandom(&random, sizeof(random), 0) != static_cast<ssize_t>(sizeof(random))) {
    random = monotonicNs() ^ (static_cast<uint64_t>(getpid()) << 32);
  }
  snprintf(name, name_len, "pprof-api-%d-%016llx", static_cast<int>(getpid()),
           static_cast<unsigned long long>(random));
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_un address;
  const socklen_t length = abstractAddress(name, &address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(fd, SOMAXCONN) != 0) {
    const int err = errno;
    close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

// Waits for the child and describes how it ended ("exit status 2", "signal 9"); "" if it was
// reaped by someone else (a program that waits for every child, or ignores SIGCHLD).
void reap(pid_t pid, char* how, size_t len) {
  how[0] = '\0';
  int status = 0;
  pid_t got;
  do {
    got = waitpid(pid, &status, 0);
  } while (got < 0 && errno == EINTR);
  if (got != pid) return;
  if (WIFEXITED(status)) snprintf(how, len, " (exit status %d)", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) snprintf(how, len, " (killed by signal %d)", WTERMSIG(status));
}

int64_t elapsedMs(uint64_t since_ns) { return static_cast<int64_t>((monotonicNs() - since_ns) / 1000000); }

// Reads status lines until `stop` says so, EOF (returns 0), or the timeout (returns -1).
// Returns 1 when `stop` accepted a line. `line` keeps the line that stopped it.
template <typename Stop>
int readStatus(int fd, int timeout_ms, char* line, size_t line_len, Stop stop) {
  char buffer[1024];
  size_t used = 0;
  const uint64_t start = monotonicNs();
  for (;;) {
    char* newline = static_cast<char*>(memchr(buffer, '\n', used));
    while (newline != nullptr) {
      *newline = '\0';
      if (stop(buffer)) {
        copyText(line, line_len, buffer);
        return 1;
      }
      const size_t consumed = static_cast<size_t>(newline - buffer) + 1;
      memmove(buffer, newline + 1, used - consumed);
      used -= consumed;
      newline = static_cast<char*>(memchr(buffer, '\n', used));
    }
    if (used == sizeof(buffer)) used = 0;  // an overlong line: not one of ours
    const int64_t left = timeout_ms - elapsedMs(start);
    if (left <= 0) return -1;
    pollfd pfd{fd, POLLIN, 0};
    const int ready = poll(&pfd, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return -1;
    const ssize_t n = read(fd, buffer + used, sizeof(buffer) - used);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    used += static_cast<size_t>(n);
  }
}

bool startsWith(const char* text, const char* prefix) { return strncmp(text, prefix, strlen(prefix)) == 0; }

// The program's environment minus what would make the collector profile itself (the sampler
// preloaded and the environment mode's variables); malloc'd, freed by the caller.
char** collectorEnvironment() {
  size_t n = 0;
  while (environ != nullptr && environ[n] != nullptr) ++n;
  char** env = static_cast<char**>(malloc((n + 1) * sizeof(char*)));
  if (env == nullptr) return nullptr;
  size_t kept = 0;
  for (size_t i = 0; i < n; ++i) {
    if (startsWith(environ[i], "LD_PRELOAD=") || startsWith(environ[i], "PPROF_OUTPUT=") ||
        startsWith(environ[i], "PPROF_SAMPLER=")) {
      continue;
    }
    env[kept++] = environ[i];
  }
  env[kept] = nullptr;
  return env;
}

// The environment mode's collector must not be a child of the program: a program that reaps
// every child (`while (wait(NULL) > 0)`, os.wait() until ECHILD) would wait for it while it
// waits for the program. So a short-lived middle process spawns it and exits at once; the
// collector is re-parented (to init or a subreaper) and reports through its status pipe as
// before. The middle is a raw fork (no atfork handlers of the program's) that only calls
// posix_spawn, write and exit: everything it needs was allocated before.
int spawnDetached(pid_t* pid, const char* collector, const posix_spawn_file_actions_t* actions,
                  const posix_spawnattr_t* attr, const char* const* argv, char** env) {
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) return errno;
  const pid_t middle = static_cast<pid_t>(syscall(SYS_fork));
  if (middle == 0) {
    int result[2] = {0, -1};
    pid_t grandchild = -1;
    result[0] = posix_spawn(&grandchild, collector, actions, attr, const_cast<char* const*>(argv), env);
    result[1] = static_cast<int>(grandchild);
    ssize_t ignored = write(report[1], result, sizeof(result));
    (void)ignored;
    syscall(SYS_exit_group, 0);  // not the interposed _exit: nothing of ours to flush here
  }
  close(report[1]);
  if (middle < 0) {
    const int err = errno;
    close(report[0]);
    return err;
  }
  int status = 0;
  while (waitpid(middle, &status, 0) < 0 && errno == EINTR) {
  }
  int result[2] = {ECHILD, -1};
  ssize_t n;
  do {
    n = read(report[0], result, sizeof(result));
  } while (n < 0 && errno == EINTR);
  close(report[0]);
  if (n != static_cast<ssize_t>(sizeof(result))) return ECHILD;
  *pid = static_cast<pid_t>(result[1]);
  return result[0];
}

bool spawnCollector(const char* collector, const char* output, const Config& config, bool until_exit,
                    int listen_fd, int status_fd, pid_t* pid, char* error, size_t error_len) {
  char owner[16], hz[16];
  snprintf(owner, sizeof(owner), "%d", static_cast<int>(getpid()));
  snprintf(hz, sizeof(hz), "%u", config.hz);
  char listen_arg[8], status_arg[8];
  snprintf(listen_arg, sizeof(listen_arg), "%d", kListenFd);
  snprintf(status_arg, sizeof(status_arg), "%d", kStatusFd);
  const char* argv[16] = {collector, "--listen-fd", listen_arg, "--status-fd", status_arg,
                          "--owner-pid", owner, "-o", output, "--hz", hz, "--mode",
                          config.mode == ConfigMode::kWall ? "wall" : "cpu"};
  size_t argc = 13;
  if (config.regions_only) argv[argc++] = "--regions-only";
  if (until_exit) argv[argc++] = "--until-exit";
  argv[argc] = nullptr;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (!config.debug) posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  // Both sources are above kStatusFd (see launchCollector), so neither dup2 clobbers the other.
  posix_spawn_file_actions_adddup2(&actions, listen_fd, kListenFd);
  posix_spawn_file_actions_adddup2(&actions, status_fd, kStatusFd);
  posix_spawn_file_actions_addclosefrom_np(&actions, kStatusFd + 1);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  char** env = collectorEnvironment();
  int rc = ENOMEM;
  if (env != nullptr && !until_exit) {
    rc = posix_spawn(pid, collector, &actions, &attr, const_cast<char* const*>(argv), env);
  } else if (env != nullptr) {
    rc = spawnDetached(pid, collector, &actions, &attr, argv, env);
  }
  free(env);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) setError(error, error_len, "cannot start %s: %s", collector, strerror(rc));
  return rc == 0;
}

}  // namespace

bool launchCollector(const char* output, Config* config, CollectorProcess* out, char* error,
                     size_t error_len, bool until_exit) {
  char collector[PATH_MAX];
  if (!findCollector(collector, sizeof(collector), error, error_len)) return false;
  const int listen_fd = listenAbstract(config->socket_name, sizeof(config->socket_name));
  int pipe_fds[2] = {-1, -1};
  if (listen_fd < 0 || pipe2(pipe_fds, O_CLOEXEC) != 0) {
    setError(error, error_len, "cannot create the collector's socket or pipe: %s", strerror(errno));
    if (listen_fd >= 0) close(listen_fd);
    return false;
  }
  const int high_listen = fcntl(listen_fd, F_DUPFD_CLOEXEC, kStatusFd + 1);
  const int high_status = fcntl(pipe_fds[1], F_DUPFD_CLOEXEC, kStatusFd + 1);
  pid_t pid = -1;
  const bool spawned = high_listen >= 0 && high_status >= 0 &&
                       spawnCollector(collector, output, *config, until_exit, high_listen, high_status, &pid, error, error_len);
  if (high_listen < 0 || high_status < 0) setError(error, error_len, "fcntl: %s", strerror(errno));
  // The collector owns the listening socket and the pipe's write end now: EOF on the pipe then
  // means the collector is gone.
  for (int fd : {listen_fd, high_listen, pipe_fds[1], high_status}) {
    if (fd >= 0) close(fd);
  }
  if (!spawned) {
    close(pipe_fds[0]);
    return false;
  }
  out->pid = pid;
  out->status_fd = pipe_fds[0];
  char line[512];
  const int got = readStatus(out->status_fd, kReadyTimeoutMs, line, sizeof(line), [](const char* l) {
    return strcmp(l, "ready") == 0 || startsWith(l, "error: ");
  });
  if (got == 1 && strcmp(line, "ready") == 0) return true;
  if (got == 1) {
    setError(error, error_len, "pprof-collect: %s", line + strlen("error: "));
  } else if (got == 0) {
    char how[64];
    close(out->status_fd);
    out->status_fd = -1;
    reap(pid, how, sizeof(how));
    out->pid = -1;
    setError(error, error_len, "pprof-collect ended before it was ready%s", how);
    return false;
  } else {
    setError(error, error_len, "pprof-collect did not get ready within 10 s");
  }
  abandonCollector(out);
  return false;
}

bool finishCollector(CollectorProcess* collector, int timeout_ms, char* error, size_t error_len) {
  char line[512];
  const int got = readStatus(collector->status_fd, timeout_ms, line, sizeof(line), [](const char* l) {
    return startsWith(l, "done ") || startsWith(l, "error: ");
  });
  if (got == -1) {
    snprintf(error, error_len, "pprof-collect did not finish within %d s; stopped it", timeout_ms / 1000);
    abandonCollector(collector);
    return false;
  }
  char how[64];
  close(collector->status_fd);  // it exits right after its last line
  collector->status_fd = -1;
  reap(collector->pid, how, sizeof(how));
  collector->pid = -1;
  if (got == 1 && startsWith(line, "done ")) return true;
  if (got == 1) setError(error, error_len, "pprof-collect: %s", line + strlen("error: "));
  else setError(error, error_len, "pprof-collect ended without finishing the profile%s", how);
  return false;
}

void abandonCollector(CollectorProcess* collector) {
  if (collector->status_fd >= 0) close(collector->status_fd);
  collector->status_fd = -1;
  if (collector->pid > 0) {
    kill(collector->pid, SIGKILL);
    char how[64];
    reap(collector->pid, how, sizeof(how));
  }
  collector->pid = -1;
}

}  // namespace pprof::sampler

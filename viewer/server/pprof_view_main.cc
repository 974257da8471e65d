// pprof-view: loads the profile(s), serves the viewer page and its JSON API on a local port
// until Ctrl-C. SIGINT/SIGTERM are blocked in every thread and taken by one watcher thread with
// sigwait(), which stops the server from ordinary (not signal-handler) context.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "cli/profile_input.h"
#include "server/http_server.h"
#include "server/random_token.h"
#include "server/request_guard.h"
#include "server/view_options.h"

extern char** environ;

namespace {

using namespace pprof;

int fail(const std::string& message) {
  std::fprintf(stderr, "%s\n", message.c_str());
  return 1;
}


bool haveDisplay() {
  const char* x = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  return (x && *x) || (wayland && *wayland);
}

// Best effort: the URL is printed anyway. The child is not waited for (SIGCHLD is ignored).
void openBrowser(const std::string& url) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  char program[] = "xdg-open";
  std::string url_arg = url;
  char* argv[] = {program, url_arg.data(), nullptr};
  pid_t pid;
  if (posix_spawnp(&pid, program, &actions, nullptr, argv, environ) != 0) {
    std::fprintf(stderr, "pprof-view: could not start xdg-open; open the URL by hand\n");
  }
  posix_spawn_file_actions_destroy(&actions);
}

int serve(const server::ViewOptions& options) {
  Result<Profile> profile = cli::loadProfiles(options.files);
  if (!profile) return fail("pprof-view: " + profile.message());
  Result<Profile> base = cli::loadProfiles(options.base_files);
  if (!base) return fail("pprof-view: --diff: " + base.message());
  Result<std::string> token = server::randomToken();
  if (!token) return fail("pprof-view: " + token.message());
  const server::ProfileView view =
      options.base_files.empty()
          ? server::ProfileView::build(std::move(profile.value()), options.files)
          : server::ProfileView::buildDiff(std::move(profile.value()), options.files, std::move(base.value()),
                                           options.base_files);

  // Blocked before any thread exists, so every thread inherits the mask and only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGUSR1);  // internal: wakes the watcher when the server ends by itself
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGCHLD, SIG_IGN);

  server::ServerConfig config;
  config.host = options.host;
  config.port = options.port;
  config.token = token.value();
  config.threads = std::max(8u, 2 * std::thread::hardware_concurrency());
  server::ViewServer server(view, config);
  Status bound = server.bind();
  if (!bound) return fail("pprof-view: " + bound.message());
  if (!server::isLoopbackHost(options.host)) {
    std::fprintf(stderr, "pprof-view: warning: listening on %s, reachable from other machines; "
                 "anyone with the URL can read the profile\n", options.host.c_str());
  }
  const std::string what = options.files.size() == 1 ? options.files[0] : "the merged profiles";
  const std::string against = options.base_files.empty() ? ""
      : " against " + (options.base_files.size() == 1 ? options.base_files[0] : "the merged base profiles");
  std::printf("pprof-view: serving %s%s at %s\n", what.c_str(), against.c_str(), server.url().c_str());
  std::fflush(stdout);

  std::thread watcher([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    server.stop();
  });
  if (options.open_browser && haveDisplay()) openBrowser(server.url());
  server.run();
  pthread_kill(watcher.native_handle(), SIGUSR1);  // no-op in effect if it already woke
  watcher.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Result<server::ViewOptions> options = server::parseViewOptions({argv + 1, argv + argc});
  if (!options) return fail(options.message());
  if (options.value().help) {
    std::fputs(server::viewUsage().c_str(), stdout);
    return 0;
  }
  return serve(options.value());
}

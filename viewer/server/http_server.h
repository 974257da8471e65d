// The HTTP layer of pprof-view (cpp-httplib): binds, guards every request (request_guard.h),
// answers /api/* through handleApi and everything else from the embedded assets, never from
// the file system. Limits keep malformed or huge requests to a 4xx: URIs over 8 KiB (414,
// httplib), bodies over 64 KiB (413), only GET. A fixed thread pool serves parallel clients.
//
// Threads: bind() and run() belong to one thread; stop() may be called from any other thread
// at any time (before, during or after run()) and makes run() return.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "common/result.h"
#include "server/profile_view.h"

namespace httplib {
class Server;
}

namespace pprof::server {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;           // 0: any free port
  int port_attempts = 20;    // ports tried from `port` upwards when it is taken
  std::string token;         // required on every request; must not be empty
  size_t threads = 8;        // worker threads
};

class ViewServer {
 public:
  ViewServer(const ProfileView& view, ServerConfig config);
  ~ViewServer();
  ViewServer(const ViewServer&) = delete;
  ViewServer& operator=(const ViewServer&) = delete;

  // Binds host:port, or the next free port; "bind 127.0.0.1:8080..8099: all ports taken" or
  // the reason the address is unusable.
  Status bind();
  int port() const { return bound_port_; }
  // http://HOST:PORT/?token=TOKEN, with a wildcard host shown as the loopback address.
  std::string url() const;

  // Serves until stop(). Returns at once if stop() came first.
  void run();
  void stop();

 private:
  void installHandlers();
  void widenBacklog();

  const ProfileView& view_;
  ServerConfig config_;
  std::unique_ptr<httplib::Server> http_;
  int bound_port_ = -1;
  int listen_fd_ = -1;  // the listening socket, as httplib created it
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> in_run_{false};
  std::mutex stop_mutex_;
  bool stop_sent_ = false;  // guarded by stop_mutex_
};

}  // namespace pprof::server

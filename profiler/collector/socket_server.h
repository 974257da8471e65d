// The collector's side of the sampler transport: a listening Unix stream socket in the
// abstract namespace (no file to clean up), one connection per process image, and a poll()
// loop over the listener, every connection and one extra fd (the signalfd).
//
// Only peers with our own uid are accepted (SO_PEERCRED): an abstract socket has no file
// permissions, so anyone on the machine could otherwise write into the profile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace pprof::collector {

class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() = default;
  virtual void onConnect(uint32_t connection) = 0;
  // Return false to drop the connection (malformed stream); onClose follows.
  virtual bool onData(uint32_t connection, const uint8_t* data, size_t size) = 0;
  virtual void onClose(uint32_t connection, bool dropped) = 0;
};

class SocketServer {
 public:
  // Listens on the abstract name `name` (no leading NUL).
  static Result<std::unique_ptr<SocketServer>> listen(const std::string& name);
  // Takes over a socket that is already bound and listening (pprof-collect receives the one
  // the profiled program created, so the program can connect before the collector runs).
  static Result<std::unique_ptr<SocketServer>> adopt(int listen_fd);
  ~SocketServer();
  SocketServer(const SocketServer&) = delete;
  SocketServer& operator=(const SocketServer&) = delete;

  // Waits up to `timeout_ms` for activity, accepts new connections and delivers available
  // bytes. Returns true if `extra_fd` (if >= 0) became readable.
  Result<bool> pollOnce(int timeout_ms, int extra_fd, ConnectionHandler& handler);
  size_t openConnections() const { return connections_.size(); }
  // Closes every connection (onClose with dropped=false), e.g. at the end of the grace period.
  void closeAll(ConnectionHandler& handler);

 private:
  struct Connection {
    int fd;
    uint32_t id;
  };
  SocketServer() = default;
  void acceptAll(ConnectionHandler& handler);
  // false when the connection is finished (EOF, error or dropped by the handler).
  bool readSome(const Connection& c, ConnectionHandler& handler, bool* dropped);

  int listen_fd_ = -1;
  uint32_t next_id_ = 0;
  std::vector<Connection> connections_;
  std::vector<uint8_t> buffer_ = std::vector<uint8_t>(256 * 1024);
};

// "pprof-run-<pid>-<16 random hex digits>"
std::string randomSocketName();

}  // namespace pprof::collector

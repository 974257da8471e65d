#include "collector/socket_server.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace pprof::collector {
namespace {

// Bounds the bytes taken from one connection per poll round, so one busy process cannot
// starve the others (or the signalfd).
constexpr int kReadsPerRound = 16;

}  // namespace

std::string randomSocketName() {
  uint64_t random = 0;
  if (getrandom(&random, sizeof(random), 0) != static_cast<ssize_t>(sizeof(random))) {
    random = reinterpret_cast<uintptr_t>(&random) ^ static_cast<uint64_t>(getpid()) << 32;
  }
  char name[64];
  std::snprintf(name, sizeof(name), "pprof-run-%d-%016llx", static_cast<int>(getpid()),
                static_cast<unsigned long long>(random));
  return name;
}

Result<std::unique_ptr<SocketServer>> SocketServer::listen(const std::string& name) {
  sockaddr_un addr = {};
  addr.sun_family = AF_UNIX;
  if (name.size() + 1 > sizeof(addr.sun_path)) return Status::error("socket name too long: " + name);
  std::memcpy(addr.sun_path + 1, name.data(), name.size());  // sun_path[0] == 0: abstract
  socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());

  std::unique_ptr<SocketServer> server(new SocketServer());
  server->listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (server->listen_fd_ < 0) return Status::fromErrno("socket", errno);
  if (bind(server->listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
    return Status::fromErrno("bind @" + name, errno);
  }
  if (::listen(server->listen_fd_, SOMAXCONN) != 0) return Status::fromErrno("listen @" + name, errno);
  return server;
}

Result<std::unique_ptr<SocketServer>> SocketServer::adopt(int listen_fd) {
  int accepting = 0;
  socklen_t len = sizeof(accepting);
  if (getsockopt(listen_fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0) {
    return Status::fromErrno("listening socket fd " + std::to_string(listen_fd), errno);
  }
  if (!accepting) return Status::error("fd " + std::to_string(listen_fd) + " is not a listening socket");
  int flags = fcntl(listen_fd, F_GETFL);
  if (flags < 0 || fcntl(listen_fd, F_SETFL, flags | O_NONBLOCK) != 0 ||
      fcntl(listen_fd, F_SETFD, FD_CLOEXEC) != 0) {
    return Status::fromErrno("fcntl on fd " + std::to_string(listen_fd), errno);
  }
  std::unique_ptr<SocketServer> server(new SocketServer());
  server->listen_fd_ = listen_fd;
  return server;
}

SocketServer::~SocketServer() {
  for (const Connection& c : connections_) close(c.fd);
  if (listen_fd_ >= 0) close(listen_fd_);
}

void SocketServer::acceptAll(ConnectionHandler& handler) {
  for (;;) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) return;  // EAGAIN, or a peer that vanished before we got to it
    ucred cred = {};
    socklen_t cred_len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cred_len) != 0 || cred.uid != getuid()) {
      close(fd);
      continue;
    }
    Connection c{fd, next_id_++};
    connections_.push_back(c);
    handler.onConnect(c.id);
  }
}

bool SocketServer::readSome(const Connection& c, ConnectionHandler& handler, bool* dropped) {
  *dropped = false;
  for (int i = 0; i < kReadsPerRound; ++i) {
    ssize_t n = read(c.fd, buffer_.data(), buffer_.size());
    if (n > 0) {
      if (!handler.onData(c.id, buffer_.data(), static_cast<size_t>(n))) {
        *dropped = true;
        return false;
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;  // EOF or a real error (ECONNRESET when the peer died): finished
  }
  return true;
}

Result<bool> SocketServer::pollOnce(int timeout_ms, int extra_fd, ConnectionHandler& handler) {
  std::vector<pollfd> fds;
  fds.push_back(pollfd{listen_fd_, POLLIN, 0});
  fds.push_back(pollfd{extra_fd, POLLIN, 0});  // a negative fd is ignored by poll
  for (const Connection& c : connections_) fds.push_back(pollfd{c.fd, POLLIN, 0});
  int ready = poll(fds.data(), fds.size(), timeout_ms);
  if (ready < 0) {
    if (errno == EINTR) return false;
    return Status::fromErrno("poll", errno);
  }
  std::vector<Connection> still_open;
  for (size_t i = 0; i < connections_.size(); ++i) {
    const Connection& c = connections_[i];
    bool keep = true, dropped = false;
    if (fds[i + 2].revents != 0) keep = readSome(c, handler, &dropped);
    if (keep) {
      still_open.push_back(c);
    } else {
      close(c.fd);
      handler.onClose(c.id, dropped);
    }
  }
  connections_ = std::move(still_open);
  if (fds[0].revents & POLLIN) acceptAll(handler);
  return extra_fd >= 0 && (fds[1].revents & POLLIN) != 0;
}

void SocketServer::closeAll(ConnectionHandler& handler) {
  for (const Connection& c : connections_) {
    close(c.fd);
    handler.onClose(c.id, false);
  }
  connections_.clear();
}

}  // namespace pprof::collector

#include "server/http_server.h"

#include <httplib.h>
#include <netinet/tcp.h>

#include <charconv>
#include <chrono>
#include <thread>

#include "server/api_handler.h"
#include "server/api_json.h"
#include "server/assets.h"
#include "server/request_guard.h"

namespace pprof::server {
namespace {

constexpr size_t kMaxBodyBytes = 64 * 1024;
constexpr char kJson[] = "application/json";

using HandlerResponse = httplib::Server::HandlerResponse;

void sendError(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(compactDump(errorJson(message)), kJson);
}

// Headers for every answer: nothing is cached (the token is in the URL), nothing leaks the URL
// through Referer, and no other site may frame the page.
void setCommonHeaders(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'");
}

// A Content-Length over the limit, or one that is not a number at all.
bool declaredBodyTooLarge(const std::string& content_length) {
  if (content_length.empty()) return false;
  uint64_t length = 0;
  const char* end = content_length.data() + content_length.size();
  auto [ptr, ec] = std::from_chars(content_length.data(), end, length);
  return ec != std::errc() || ptr != end || length > kMaxBodyBytes;
}

std::string hostForUrl(const std::string& host) {
  if (host == "0.0.0.0" || host.empty()) return "127.0.0.1";
  if (host == "::") return "[::1]";
  if (host.find(':') != std::string::npos && host.front() != '[') return "[" + host + "]";
  return host;
}

}  // namespace

ViewServer::ViewServer(const ProfileView& view, ServerConfig config)
    : view_(view), config_(std::move(config)), http_(std::make_unique<httplib::Server>()) {
  installHandlers();
}

ViewServer::~ViewServer() { stop(); }

void ViewServer::installHandlers() {
  const size_t threads = std::max<size_t>(config_.threads, 1);
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let a second server (ours or
  // anyone's of this user) bind the same port, defeating "port taken, try the next".
  http_->set_socket_options([this](socket_t sock) {
    listen_fd_ = sock;  // the last one httplib tries is the one it binds
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    // Inherited by accepted sockets: httplib writes head and body separately, and Nagle would
    // hold the body back for the client's delayed ACK (~40 ms per request).
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  http_->set_payload_max_length(kMaxBodyBytes);
  http_->set_read_timeout(5, 0);
  http_->set_write_timeout(5, 0);
  http_->set_keep_alive_max_count(100);
  http_->set_keep_alive_timeout(2);

  // Everything is answered here, before httplib's router: no route, no mount point, so no
  // request can reach a file system path.
  http_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    setCommonHeaders(res);
    if (!hostAllowed(req.get_header_value("Host"), config_.host, bound_port_)) {
      sendError(res, 403, "forbidden: Host header does not name this server");
      return HandlerResponse::Handled;
    }
    const std::string query_token = req.get_param_value("token");
    const bool authorized =
        tokenEquals(config_.token, query_token) ||
        tokenEquals(config_.token, req.get_header_value("X-PPROF-Token")) ||
        tokenEquals(config_.token, cookieValue(req.get_header_value("Cookie"), tokenCookieName(bound_port_)));
    if (!authorized) {
      sendError(res, 403, "forbidden: missing or wrong token (open the URL pprof-view printed)");
      return HandlerResponse::Handled;
    }
    // httplib reads a body only for a matching route, and there is none: refuse big ones
    // outright rather than leave their bytes to be parsed as the next request.
    if (declaredBodyTooLarge(req.get_header_value("Content-Length"))) {
      sendError(res, 413, "request body too large");
      return HandlerResponse::Handled;
    }
    if (req.method != "GET") {
      sendError(res, 405, "method not allowed: only GET");
      return HandlerResponse::Handled;
    }
    if (tokenEquals(config_.token, query_token)) {
      res.set_header("Set-Cookie", tokenCookieName(bound_port_) + "=" + config_.token +
                                       "; Path=/; HttpOnly; SameSite=Strict");
    }
    if (req.path.rfind("/api/", 0) == 0) {
      const ApiResponse answer = handleApi(view_, req.path, req.params);
      res.status = answer.status;
      res.set_content(answer.body, kJson);
      return HandlerResponse::Handled;
    }
    if (const Asset* asset = findAsset(req.path)) {
      res.set_content(asset->bytes.data(), asset->bytes.size(), std::string(asset->content_type).c_str());
      return HandlerResponse::Handled;
    }
    sendError(res, 404, "not found");
    return HandlerResponse::Handled;
  });

  // Errors httplib raises itself (bad request line, URI or body too long) get a JSON body too.
  http_->set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return HandlerResponse::Unhandled;
        setCommonHeaders(res);
        res.set_content(compactDump(errorJson("HTTP error " + std::to_string(res.status))), kJson);
        return HandlerResponse::Handled;
      }));
}

Status ViewServer::bind() {
  if (config_.token.empty()) return Status::error("server: empty token");
  if (config_.port == 0) {
    const int port = http_->bind_to_any_port(config_.host);
    if (port <= 0) return Status::error("bind " + config_.host + ": cannot listen on this address");
    bound_port_ = port;
    widenBacklog();
    return Status::ok();
  }
  if (config_.port < 0 || config_.port > 65535) {
    return Status::error("bind: port " + std::to_string(config_.port) + " out of range");
  }
  const int last = std::min(65535, config_.port + std::max(config_.port_attempts, 1) - 1);
  for (int port = config_.port; port <= last; ++port) {
    if (http_->bind_to_port(config_.host, port)) {
      bound_port_ = port;
      widenBacklog();
      return Status::ok();
    }
  }
  return Status::error("bind " + config_.host + ":" + std::to_string(config_.port) + ".." +
                       std::to_string(last) + ": every port taken or address not usable");
}

// httplib 0.11 (as Debian built it) listens with a backlog of 5: a burst of new connections
// overflows it and the dropped SYNs are retried only after a second. Listening again on the
// same socket raises the backlog.
void ViewServer::widenBacklog() {
  if (listen_fd_ >= 0) ::listen(listen_fd_, SOMAXCONN);
}

std::string ViewServer::url() const {
  return "http://" + hostForUrl(config_.host) + ":" + std::to_string(bound_port_) +
         "/?token=" + config_.token;
}

void ViewServer::run() {
  in_run_ = true;
  if (!stop_requested_ && bound_port_ > 0) http_->listen_after_bind();
  in_run_ = false;
}

void ViewServer::stop() {
  stop_requested_ = true;
  std::lock_guard<std::mutex> lock(stop_mutex_);
  if (stop_sent_) return;
  // run() may be between its check of stop_requested_ and httplib marking itself running;
  // httplib's stop() is a no-op until then, so wait for one state or the other.
  while (in_run_) {
    if (http_->is_running()) {
      http_->stop();
      stop_sent_ = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace pprof::server

// The real server in-process on an ephemeral loopback port, driven by httplib::Client and by
// raw sockets where the exact bytes on the wire matter (traversal, malformed, oversized).
#include "server/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "server/api_handler.h"
#include "support/profile_builder.h"

namespace pprof::server {
namespace {

using testing::ProfileBuilder;

constexpr char kToken[] = "00112233445566778899aabbccddeeff";

ProfileView httpView() {
  ProfileBuilder b;
  const uint32_t main = b.function("main", "/src/main.cc"), work = b.function("work", "/src/work.cc");
  const uint32_t worker = b.thread(0, 101, "worker");
  for (uint32_t i = 0; i < 50; ++i) {
    b.sample(b.stackOf({work, main}), 1 + i % 3, i % 2 ? worker : 0, i * 10000000ull);
  }
  return ProfileView::build(std::move(b.profile()), {"http.prof"});
}

// Raw HTTP exchange: sends `request` as is and returns the first response (head and body as
// Content-Length says), or what arrived before the server closed. It does not wait for the
// close: after a malformed request httplib keeps the connection until its keep-alive timeout.
std::string rawExchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) close(fd);
    return "";
  }
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before reading everything
    sent += static_cast<size_t>(n);
  }
  // No shutdown(SHUT_WR): httplib 0.11 may drop a half-closed connection unanswered.
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) {
    answer.append(buffer, static_cast<size_t>(n));
    const size_t head_end = answer.find("\r\n\r\n");
    if (head_end == std::string::npos) continue;
    const size_t length_at = answer.find("Content-Length: ");
    const size_t body = length_at < head_end ? std::stoul(answer.substr(length_at + 16)) : 0;
    if (answer.size() >= head_end + 4 + body) break;
  }
  close(fd);
  return answer;
}

int statusOf(const std::string& answer) {
  if (answer.size() < 12 || answer.compare(0, 5, "HTTP/") != 0) return -1;
  return std::stoi(answer.substr(9, 3));
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerConfig config;
    config.port = 0;
    config.token = kToken;
    server_ = std::make_unique<ViewServer>(view_, config);
    ASSERT_TRUE(server_->bind());
    port_ = server_->port();
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Client client() const {
    httplib::Client cli("127.0.0.1", port_);
    cli.set_read_timeout(30, 0);
    return cli;
  }
  std::string withToken(const std::string& path) const {
    return path + (path.find('?') == std::string::npos ? "?" : "&") + "token=" + kToken;
  }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

  const ProfileView view_ = httpView();
  std::unique_ptr<ViewServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(HttpServerTest, UrlCarriesTheToken) {
  EXPECT_EQ(server_->url(), "http://127.0.0.1:" + std::to_string(port_) + "/?token=" + kToken);
}

TEST_F(HttpServerTest, TokenRequiredOnEveryRequest) {
  httplib::Client cli = client();
  for (const char* path : {"/", "/index.html", "/api/meta", "/api/tree"}) {
    auto missing = cli.Get(path);
    ASSERT_TRUE(missing) << path;
    EXPECT_EQ(missing->status, 403) << path;
    auto wrong = cli.Get(std::string(path) + "?token=00112233445566778899aabbccddeefF");
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 403) << path;
    auto wrong_header = cli.Get(path, {{"X-PPROF-Token", "nope"}});
    ASSERT_TRUE(wrong_header);
    EXPECT_EQ(wrong_header->status, 403) << path;
  }
  auto by_query = cli.Get(withToken("/api/meta"));
  ASSERT_TRUE(by_query);
  EXPECT_EQ(by_query->status, 200);
  const std::string cookie = by_query->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("pprof-token-" + std::to_string(port_) + "=" + kToken + ";", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  auto by_header = cli.Get("/api/meta", {{"X-PPROF-Token", kToken}});
  ASSERT_TRUE(by_header);
  EXPECT_EQ(by_header->status, 200);
  EXPECT_EQ(by_header->get_header_value("Content-Type"), "application/json");
  auto by_cookie = cli.Get("/index.html", {{"Cookie", "pprof-token-" + std::to_string(port_) + "=" + kToken}});
  ASSERT_TRUE(by_cookie);
  EXPECT_EQ(by_cookie->status, 200);
}

TEST_F(HttpServerTest, ForeignHostRefusedEvenWithToken) {
  httplib::Client cli = client();
  for (const std::string& bad : {std::string("evil.example:") + std::to_string(port_),
                                 std::string("127.0.0.1:1"), std::string("evil.example")}) {
    auto res = cli.Get(withToken("/api/meta"), {{"Host", bad}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << bad;
  }
  auto local = cli.Get(withToken("/api/meta"), {{"Host", "localhost:" + std::to_string(port_)}});
  ASSERT_TRUE(local);
  EXPECT_EQ(local->status, 200);
}

TEST_F(HttpServerTest, PageIsServedFromEmbeddedAssetsWithSafeHeaders) {
  auto res = client().Get(withToken("/"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->body.find("/js/main.js"), std::string::npos);
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  // The page has no inline script: the policy need not allow any.
  EXPECT_EQ(res->get_header_value("Content-Security-Policy").find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
}

TEST_F(HttpServerTest, TraversalAttemptsFindNothing) {
  for (const char* path : {"/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/web/../../etc/passwd",
                                  "/..%2f..%2f..%2fetc%2fpasswd", "/index.html/../../../../etc/passwd",
                                  "//etc/passwd", "/%00", "/web/index.html", "/CMakeLists.txt"}) {
    const std::string answer = rawExchange(
        port_, std::string("GET ") + path + "?token=" + kToken + " HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n");
    const int status = statusOf(answer);
    EXPECT_TRUE(status == 404 || status == 400) << path << " -> " << answer.substr(0, 60);
    EXPECT_EQ(answer.find("root:"), std::string::npos) << path;
  }
}

TEST_F(HttpServerTest, MalformedAndHugeRequestsGet4xxAndTheServerLives) {
  const std::string token_query = std::string("?token=") + kToken;
  const std::string huge_uri = "GET /api/meta" + token_query + "&x=" + std::string(20000, 'a') +
                               " HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n";
  EXPECT_EQ(statusOf(rawExchange(port_, huge_uri)), 414);
  const std::string huge_body = "POST /api/meta" + token_query + " HTTP/1.1\r\nHost: " + host() +
                                "\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\n";
  EXPECT_EQ(statusOf(rawExchange(port_, huge_body)), 413);
  const std::string post = "POST /api/meta" + token_query + " HTTP/1.1\r\nHost: " + host() +
                           "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
  EXPECT_EQ(statusOf(rawExchange(port_, post)), 405);
  const std::string huge_header = "GET /" + token_query + " HTTP/1.1\r\nHost: " + host() + "\r\nX-Big: " +
                                  std::string(100000, 'b') + "\r\nConnection: close\r\n\r\n";
  const int header_status = statusOf(rawExchange(port_, huge_header));
  EXPECT_TRUE(header_status == -1 || (header_status >= 400 && header_status < 500)) << header_status;
  // Each ends in an empty line so the server has a whole request to judge; an unfinished one
  // would only wait for the read timeout.
  for (const std::string& junk : {std::string("GARBAGE"), std::string("\x16\x03\x01\x02\x00\x01", 6),
                                  std::string("GET"), std::string(5000, '\0')}) {
    const int status = statusOf(rawExchange(port_, junk + "\r\n\r\n"));
    EXPECT_TRUE(status == -1 || (status >= 400 && status < 500)) << status;
  }
  EXPECT_EQ(statusOf(rawExchange(port_, "GET /api/tree?cutoff=7&token=" + std::string(kToken) +
                                            " HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n")),
            400);
  auto alive = client().Get(withToken("/api/meta"));
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);
}

TEST_F(HttpServerTest, TwoHundredParallelRequestsAllAnsweredCorrectly) {
  constexpr int kClients = 8, kPerClient = 25;
  std::vector<std::string> paths = {"/api/tree?threads=0", "/api/tree?threads=1", "/api/tree",
                                    "/api/functions", "/api/timeline?bins=50", "/api/search?q=wor"};
  std::vector<std::string> expected;
  for (const std::string& path : paths) {
    const size_t q = path.find('?');
    QueryParams params;
    if (q != std::string::npos) httplib::detail::parse_query_text(path.substr(q + 1), params);
    expected.push_back(handleApi(view_, path.substr(0, q), params).body);
  }
  std::atomic<int> correct{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client cli = client();
      for (int i = 0; i < kPerClient; ++i) {
        const size_t which = static_cast<size_t>(c + i) % paths.size();
        auto res = cli.Get(paths[which], {{"X-PPROF-Token", kToken}});
        if (res && res->status == 200 && res->body == expected[which]) ++correct;
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(correct.load(), kClients * kPerClient);
}

// /api/parallelism is computed lazily by the first request (std::call_once): several first
// requests at once must all get the one answer.
TEST_F(HttpServerTest, ConcurrentFirstParallelismRequestsShareOneAnswer) {
  constexpr int kClients = 8;
  std::vector<std::string> bodies(kClients);
  std::vector<int> statuses(kClients, 0);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto res = client().Get("/api/parallelism", {{"X-PPROF-Token", kToken}});
      if (res) statuses[c] = res->status, bodies[c] = res->body;
    });
  }
  for (std::thread& t : clients) t.join();
  for (int c = 0; c < kClients; ++c) {
    EXPECT_EQ(statuses[c], 200);
    EXPECT_EQ(bodies[c], bodies[0]);
  }
  EXPECT_NE(bodies[0].find("\"serial_fraction\""), std::string::npos);
}

TEST(HttpServerLifecycleTest, StopBeforeRunReturnsAndTakenPortsAreSkipped) {
  const ProfileView view = httpView();
  ServerConfig config;
  config.port = 0;
  config.token = kToken;
  ViewServer first(view, config);
  ASSERT_TRUE(first.bind());
  config.port = first.port();
  config.port_attempts = 10;
  ViewServer second(view, config);
  ASSERT_TRUE(second.bind());
  EXPECT_GT(second.port(), first.port());
  EXPECT_LT(second.port(), first.port() + 10);
  first.stop();
  first.run();  // returns at once: stop came first
  std::thread serving([&] { second.run(); });
  second.stop();
  serving.join();
}

TEST(HttpServerLifecycleTest, EmptyTokenRefused) {
  const ProfileView view = httpView();
  ServerConfig config;
  config.port = 0;
  ViewServer server(view, config);
  EXPECT_FALSE(server.bind());
}

}  // namespace
}  // namespace pprof::server

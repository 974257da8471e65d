#include "server/request_guard.h"

#include <arpa/inet.h>
#include <strings.h>

#include <algorithm>
#include <charconv>

namespace pprof::server {
namespace {

bool sameName(const std::string& a, const std::string& b) {
  return a.size() == b.size() && strncasecmp(a.c_str(), b.c_str(), a.size()) == 0;
}

bool isIpLiteral(const std::string& name) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, name.c_str(), buffer) == 1 || inet_pton(AF_INET6, name.c_str(), buffer) == 1;
}

bool isWildcard(const std::string& host) { return host == "0.0.0.0" || host == "::" || host.empty(); }

// "[::1]" -> "::1"; other names unchanged.
std::string unbracket(const std::string& name) {
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']') return name.substr(1, name.size() - 2);
  return name;
}

}  // namespace

bool hostAllowed(const std::string& host_header, const std::string& bound_host, int port) {
  const size_t colon = host_header.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  const std::string name = host_header.substr(0, colon), port_text = host_header.substr(colon + 1);
  int given_port = -1;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), given_port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || given_port != port) return false;
  const bool bracketed = name.front() == '[';
  if (bracketed && name.back() != ']') return false;
  const std::string bare = unbracket(name);
  if (!bracketed && bare.find(':') != std::string::npos) return false;  // v6 must be bracketed
  if (bracketed && !isIpLiteral(bare)) return false;
  if (sameName(bare, "localhost") || bare == "127.0.0.1") return true;
  if (sameName(bare, unbracket(bound_host))) return true;
  if (isWildcard(bound_host)) return isIpLiteral(bare);
  return false;
}

bool tokenEquals(const std::string& expected, const std::string& given) {
  if (expected.empty() || given.size() != expected.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>(expected[i] ^ given[i]);
  }
  return diff == 0;
}

std::string tokenCookieName(int port) { return "pprof-token-" + std::to_string(port); }

std::string cookieValue(const std::string& cookie_header, const std::string& name) {
  size_t begin = 0;
  while (begin < cookie_header.size()) {
    size_t end = cookie_header.find(';', begin);
    if (end == std::string::npos) end = cookie_header.size();
    size_t start = cookie_header.find_first_not_of(' ', begin);
    if (start < end) {
      const std::string pair = cookie_header.substr(start, end - start);
      const size_t eq = pair.find('=');
      if (eq != std::string::npos && pair.compare(0, eq, name) == 0 && eq == name.size()) {
        return pair.substr(eq + 1);
      }
    }
    begin = end + 1;
  }
  return "";
}

bool isLoopbackHost(const std::string& host) {
  if (sameName(host, "localhost")) return true;
  unsigned char v4[4];
  if (inet_pton(AF_INET, host.c_str(), v4) == 1) return v4[0] == 127;
  unsigned char v6[16];
  if (inet_pton(AF_INET6, unbracket(host).c_str(), v6) == 1) {
    static const unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return std::equal(v6, v6 + 16, kLoopback);
  }
  return false;
}

}  // namespace pprof::server

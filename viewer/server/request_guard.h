// Who may talk to the local server. A page on any web site can make the browser send requests to
// 127.0.0.1, and with DNS rebinding even read the answers, so two checks guard every request
// before anything else runs:
//  - the Host header must name the server as the user reached it: the bound address,
//    "localhost" or "127.0.0.1" (any IP literal when bound to a wildcard address, since
//    rebinding needs a DNS name), always with the bound port;
//  - the request must carry the secret token printed in the URL: query ?token=, header
//    X-PPROF-Token, or the cookie the server sets once the token was seen in the URL (so that
//    <script src> and <link> loads of the page's own assets pass too).
// Pure string logic; the HTTP layer (http_server.h) applies it.
#pragma once

#include <string>

namespace pprof::server {

// Whether `host_header` ("name:port", "[v6]:port") names this server bound at `bound_host`:`port`.
bool hostAllowed(const std::string& host_header, const std::string& bound_host, int port);

// Equality in time independent of where the strings differ (the token is a secret).
bool tokenEquals(const std::string& expected, const std::string& given);

// The cookie that carries the token; named per port because cookies ignore ports.
std::string tokenCookieName(int port);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or "" when absent.
std::string cookieValue(const std::string& cookie_header, const std::string& name);

// Whether `host` is a loopback address or name (127.0.0.0/8, ::1, localhost).
bool isLoopbackHost(const std::string& host);

}  // namespace pprof::server

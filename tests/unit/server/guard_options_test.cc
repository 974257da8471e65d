#include <gtest/gtest.h>

#include <string>

#include "server/assets.h"
#include "server/random_token.h"
#include "server/request_guard.h"
#include "server/view_options.h"

namespace pprof::server {
namespace {

TEST(RequestGuardTest, HostMustNameThisServer) {
  EXPECT_TRUE(hostAllowed("127.0.0.1:8080", "127.0.0.1", 8080));
  EXPECT_TRUE(hostAllowed("localhost:8080", "127.0.0.1", 8080));
  EXPECT_TRUE(hostAllowed("LocalHost:8080", "127.0.0.1", 8080));
  EXPECT_FALSE(hostAllowed("127.0.0.1:8081", "127.0.0.1", 8080));  // another port
  EXPECT_FALSE(hostAllowed("127.0.0.1", "127.0.0.1", 8080));       // no port
  EXPECT_FALSE(hostAllowed("evil.example:8080", "127.0.0.1", 8080));  // DNS rebinding
  EXPECT_FALSE(hostAllowed("localhost.evil.example:8080", "127.0.0.1", 8080));
  EXPECT_FALSE(hostAllowed("", "127.0.0.1", 8080));
  EXPECT_FALSE(hostAllowed(":8080", "127.0.0.1", 8080));
  EXPECT_FALSE(hostAllowed("127.0.0.1:8080x", "127.0.0.1", 8080));
  EXPECT_FALSE(hostAllowed("10.0.0.5:8080", "127.0.0.1", 8080));
  EXPECT_TRUE(hostAllowed("10.0.0.5:8080", "10.0.0.5", 8080));
  EXPECT_TRUE(hostAllowed("[::1]:8080", "::1", 8080));
  EXPECT_FALSE(hostAllowed("::1:8080", "::1", 8080));
  EXPECT_TRUE(hostAllowed("192.168.1.9:8080", "0.0.0.0", 8080));  // wildcard: any IP literal
  EXPECT_FALSE(hostAllowed("evil.example:8080", "0.0.0.0", 8080));
}

TEST(RequestGuardTest, TokenAndCookie) {
  EXPECT_TRUE(tokenEquals("abc", "abc"));
  EXPECT_FALSE(tokenEquals("abc", "abd"));
  EXPECT_FALSE(tokenEquals("abc", "ab"));
  EXPECT_FALSE(tokenEquals("", ""));
  EXPECT_EQ(tokenCookieName(8080), "pprof-token-8080");
  EXPECT_EQ(cookieValue("a=1; pprof-token-8080=xyz; b=2", "pprof-token-8080"), "xyz");
  EXPECT_EQ(cookieValue("xpprof-token-8080=no", "pprof-token-8080"), "");
  EXPECT_EQ(cookieValue("pprof-token-80800=no", "pprof-token-8080"), "");
  EXPECT_EQ(cookieValue("", "pprof-token-8080"), "");
}

TEST(RequestGuardTest, Loopback) {
  EXPECT_TRUE(isLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(isLoopbackHost("127.1.2.3"));
  EXPECT_TRUE(isLoopbackHost("::1"));
  EXPECT_TRUE(isLoopbackHost("localhost"));
  EXPECT_FALSE(isLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(isLoopbackHost("192.168.0.1"));
  EXPECT_FALSE(isLoopbackHost("example.com"));
}

TEST(RandomTokenTest, HexOf128Bits) {
  Result<std::string> a = randomToken(), b = randomToken();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a.value().size(), 32u);
  EXPECT_EQ(a.value().find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a.value(), b.value());
}

TEST(ViewOptionsTest, Parses) {
  Result<ViewOptions> options = parseViewOptions({"a.prof", "-H", "0.0.0.0", "b.prof", "-p", "9000", "--no-browser"});
  ASSERT_TRUE(options) << options.message();
  EXPECT_EQ(options.value().files, (std::vector<std::string>{"a.prof", "b.prof"}));
  EXPECT_EQ(options.value().host, "0.0.0.0");
  EXPECT_EQ(options.value().port, 9000);
  EXPECT_FALSE(options.value().open_browser);
  Result<ViewOptions> defaults = parseViewOptions({"x"});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults.value().host, "127.0.0.1");
  EXPECT_TRUE(defaults.value().open_browser);
}

TEST(ViewOptionsTest, DiffTakesBaseFilesRepeatedly) {
  Result<ViewOptions> options = parseViewOptions({"--diff", "b1.prof", "new.prof", "--diff=b2.prof"});
  ASSERT_TRUE(options) << options.message();
  EXPECT_EQ(options.value().files, (std::vector<std::string>{"new.prof"}));
  EXPECT_EQ(options.value().base_files, (std::vector<std::string>{"b1.prof", "b2.prof"}));
  Result<ViewOptions> alone = parseViewOptions({"--diff", "b.prof"});
  ASSERT_FALSE(alone);
  EXPECT_NE(alone.message().find("--diff: no profile to compare"), std::string::npos) << alone.message();
}

TEST(ViewOptionsTest, ErrorsAreOneLine) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {}, {"x", "-p"}, {"x", "-p", "70000"}, {"x", "-p", "8o"}, {"x", "--bogus"}, {"x", "-H", ""},
           {"x", "--diff"}, {"x", "--diff="}, {"--diff", "b"}}) {
    Result<ViewOptions> options = parseViewOptions(args);
    ASSERT_FALSE(options);
    EXPECT_EQ(options.message().rfind("pprof-view: ", 0), 0u) << options.message();
    EXPECT_EQ(options.message().find('\n'), std::string::npos);
  }
  EXPECT_TRUE(parseViewOptions({"--help"}));
}

TEST(AssetsTest, IndexIsEmbeddedAndLookupIsExact) {
  const Asset* index = findAsset("/");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index, findAsset("/index.html"));
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_NE(index->bytes.find("/js/main.js"), std::string_view::npos);
  const Asset* script = findAsset("/js/main.js");
  ASSERT_NE(script, nullptr);
  EXPECT_EQ(script->content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(script->bytes.find("/api/tree"), std::string_view::npos);
  EXPECT_EQ(findAsset("/index.html/"), nullptr);
  EXPECT_EQ(findAsset("/../index.html"), nullptr);
  EXPECT_EQ(findAsset("index.html"), nullptr);
  EXPECT_EQ(findAsset(""), nullptr);
  for (size_t i = 1; i < embeddedAssets().size(); ++i) {
    EXPECT_LT(embeddedAssets()[i - 1].path, embeddedAssets()[i].path);
  }
}

}  // namespace
}  // namespace pprof::server

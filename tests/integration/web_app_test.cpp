// The web app is served by plangate itself: its files by exact path with the right caching, its
// client-side routes as index.html under a strict Content-Security-Policy, and never in place of
// the API or the operations endpoints.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/test_env.h"

namespace plangate::test {
namespace {

constexpr const char* kIndex =
    "<!doctype html><html><head><script type=\"module\" src=\"/assets/index-3f9a1c.js\">"
    "</script></head><body><div id=\"root\"></div></body></html>";
constexpr const char* kScript = "console.log('plangate');";

void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// Everything the server sends for one request on a connection it then closes.
std::string RawExchange(std::uint16_t port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

class WebAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(root_ / "index.html", kIndex);
    WriteFile(root_ / "assets" / "index-3f9a1c.js", kScript);
    WriteFile(root_ / "favicon.svg", "<svg/>");
    // A file beside the site, which a path that climbs out of it would name.
    WriteFile(std::filesystem::path(dir_.path()) / "outside-secret.txt", "secret");
    server_ = std::make_unique<TestServer>(db_, app::Env{{"WEB_DIR", root_.string()}});
  }

  TempDir dir_;
  std::filesystem::path root_ = std::filesystem::path(dir_.path()) / "dist";
  TestDatabase db_{Engine::kSqlite};
  std::unique_ptr<TestServer> server_;
};

void ExpectIndexPage(const HttpResponse& r) {
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kIndex);
  EXPECT_EQ(r.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("Cache-Control"), "no-cache");
  EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.Header("X-Frame-Options"), "DENY");
  EXPECT_EQ(r.Header("Referrer-Policy"), "no-referrer");
  auto csp = r.Header("Content-Security-Policy").value_or("");
  for (const char* directive : {"default-src 'self'", "script-src 'self'", "connect-src 'self'",
                                "frame-ancestors 'none'", "object-src 'none'"}) {
    EXPECT_NE(csp.find(directive), std::string::npos) << directive << " missing in " << csp;
  }
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
}

TEST_F(WebAppTest, TheAppsRoutesAnswerIndexHtml) {
  auto client = server_->client();
  ExpectIndexPage(client.Get("/"));
  ExpectIndexPage(client.Get("/apps"));
  ExpectIndexPage(client.Get("/apps/42/"));
  ExpectIndexPage(client.Get("/verify-email?token=abc"));
  ExpectIndexPage(client.Get("/billing/success?session_id=cs_test_1"));
  ExpectIndexPage(client.Get("/index.html"));
}

TEST_F(WebAppTest, HashedAssetsAreImmutableOtherFilesRevalidate) {
  auto client = server_->client();
  auto script = client.Get("/assets/index-3f9a1c.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, kScript);
  EXPECT_EQ(script.Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script.Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(script.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(script.Header("Content-Security-Policy"));
  auto icon = client.Get("/favicon.svg");
  EXPECT_EQ(icon.status, 200);
  EXPECT_EQ(icon.Header("Content-Type"), "image/svg+xml");
  EXPECT_EQ(icon.Header("Cache-Control"), "no-cache");
}

TEST_F(WebAppTest, MissingFilesAreA404NotThePage) {
  auto client = server_->client();
  for (const char* path :
       {"/assets/index-000000.js", "/assets/new-page", "/logo.png", "/../outside-secret.txt",
        "/assets/../../outside-secret.txt", "/%2e%2e/outside-secret.txt"}) {
    auto r = client.Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.Json().as_object().at("code"), "NOT_FOUND") << path;
  }
}

TEST_F(WebAppTest, NeverShadowsTheApiOrOperations) {
  auto client = server_->client();
  for (const char* path : {"/api", "/api/", "/api/v1/does-not-exist", "/api/v2/apps",
                           "/api/v1/apps/not-an-id", "/healthz/extra", "/metrics/x"}) {
    auto r = client.Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.Json().as_object().at("code"), "NOT_FOUND") << path;
  }
  auto health = client.Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.Json().as_object().at("status"), "ok");
  EXPECT_EQ(client.Get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(client.Get("/api/schema").Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_NE(client.Get("/api/docs").body.find("swagger"), std::string::npos);
  // Only GET and HEAD read the app.
  auto post = client.PostJson("/apps", "{}");
  EXPECT_EQ(post.status, 404);
  EXPECT_EQ(post.Json().as_object().at("code"), "NOT_FOUND");
}

TEST_F(WebAppTest, HeadAnswersTheHeadersWithoutTheBody) {
  std::string raw = RawExchange(
      server_->port(), "HEAD /apps HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(raw.rfind("HTTP/1.1 200", 0), 0u) << raw;
  EXPECT_NE(raw.find("Content-Length: " + std::to_string(std::string(kIndex).size()) + "\r\n"),
            std::string::npos)
      << raw;
  EXPECT_EQ(raw.substr(raw.find("\r\n\r\n") + 4), "");
}

TEST(WebAppConfigTest, AWebDirWithoutIndexHtmlFailsTheStart) {
  TempDir empty;
  TestDatabase db(Engine::kSqlite);
  EXPECT_ANY_THROW(TestServer(db, app::Env{{"WEB_DIR", empty.path()}}));
  EXPECT_ANY_THROW(TestServer(db, app::Env{{"WEB_DIR", empty.path() + "/missing"}}));
}

TEST(WebAppConfigTest, NoneServesTheApiOnly) {
  TestDatabase db(Engine::kSqlite);
  TestServer server(db, app::Env{{"WEB_DIR", "none"}});
  EXPECT_EQ(server.client().Get("/").status, 404);
}

}  // namespace
}  // namespace plangate::test

// ALLOWED_HOSTS, PUBLIC_URL and the X-Forwarded-Host/-Proto rules, end to end over HTTP.

#include <gtest/gtest.h>

#include "support/auth_helpers.h"
#include "support/test_env.h"

namespace plangate::test {
namespace {

class HostsTest : public ::testing::Test {
 protected:
  void Start(const app::Env& overrides = {}) {
    server_.reset();
    server_ = std::make_unique<TestServer>(db_, overrides);
  }
  // A user with two apps, so that /api/v1/apps?page_size=1 has a next page.
  LoggedIn UserWithTwoApps() {
    auto user = CreateUser(*server_, "hosts@example.com");
    for (auto name : {"One", "Two"}) {
      auto r = server_->client().PostJson("/api/v1/apps", JsonString({{"name", name}}),
                                          BearerHeaders(user.access));
      EXPECT_EQ(r.status, 201) << r.body;
    }
    return user;
  }
  std::string NextLink(const LoggedIn& user, Headers headers) {
    for (auto& h : BearerHeaders(user.access)) headers.push_back(h);
    auto r = server_->client().Get("/api/v1/apps?page_size=1", headers);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return "";
    return std::string(r.Json().at("next").as_string());
  }
  std::string Port() const { return std::to_string(server_->port()); }

  TestDatabase db_{Engine::kSqlite};
  std::unique_ptr<TestServer> server_;
};

TEST_F(HostsTest, ForeignHostIs400OnEveryRouteButTheProbes) {
  Start();  // APP_ENV=local without ALLOWED_HOSTS: loopback names and the BIND host
  for (const std::string& host : std::vector<std::string>{
           "127.0.0.1", "127.0.0.1:" + Port(), "localhost:" + Port(), "[::1]", "LOCALHOST"}) {
    EXPECT_EQ(server_->client().Get("/api/v1/billing/plans", {{"Host", host}}).status, 200) << host;
  }
  for (const std::string& host :
       std::vector<std::string>{"evil.example", "evil.example:" + Port(), "127.0.0.1.evil.example",
                                "localhost@evil.example", ""}) {
    for (std::string target : {"/api/v1/billing/plans", "/api/v1/nothing-here", "/api/schema"}) {
      auto r = server_->client().Get(target, {{"Host", host}});
      EXPECT_EQ(r.status, 400) << host << " " << target;
      EXPECT_EQ(r.Json().at("code"), "BAD_REQUEST") << host;
      EXPECT_NE(std::string(r.Json().at("detail").as_string()).find("ALLOWED_HOSTS"),
                std::string::npos);
    }
    auto login = server_->client().PostJson(
        "/api/v1/auth/login", JsonString({{"email", "a@example.com"}, {"password", "x"}}),
        {{"Host", host}});
    EXPECT_EQ(login.status, 400) << host;
  }
  // Orchestrators probe by address, whatever the names served.
  EXPECT_EQ(server_->client().Get("/healthz", {{"Host", "10.1.2.3:8000"}}).status, 200);
  EXPECT_EQ(server_->client().Get("/readyz", {{"Host", "10.1.2.3:8000"}}).status, 200);

  Start({{"ALLOWED_HOSTS", "api.example.com, .example.org, admin.example.net:8443"}});
  auto status = [&](const std::string& host) {
    return server_->client().Get("/api/v1/billing/plans", {{"Host", host}}).status;
  };
  EXPECT_EQ(status("api.example.com"), 200);
  EXPECT_EQ(status("API.Example.com:443"), 200);
  EXPECT_EQ(status("api.example.com."), 200);
  EXPECT_EQ(status("example.org"), 200);
  EXPECT_EQ(status("eu.shop.example.org"), 200);
  EXPECT_EQ(status("admin.example.net:8443"), 200);
  EXPECT_EQ(status("admin.example.net"), 400);
  EXPECT_EQ(status("notexample.org"), 400);
  EXPECT_EQ(status("127.0.0.1"), 400);
  EXPECT_EQ(status("api.example.com.evil.example"), 400);
}

// X-Forwarded-Host and X-Forwarded-Proto are anyone's to send: only a trusted proxy's count.
TEST_F(HostsTest, ForwardedHeadersCountOnlyFromATrustedProxy) {
  Start();
  auto user = UserWithTwoApps();
  const std::string own = "http://127.0.0.1:" + Port() + "/api/v1/apps?page_size=1&page=2";
  EXPECT_EQ(NextLink(user, {{"Host", "127.0.0.1:" + Port()}}), own);
  // Forged by a client that is no proxy: ignored, the link stays on the Host.
  EXPECT_EQ(NextLink(user, {{"Host", "127.0.0.1:" + Port()},
                            {"X-Forwarded-Proto", "https"},
                            {"X-Forwarded-Host", "evil.example"}}),
            own);

  Start({{"TRUSTED_PROXIES", "127.0.0.0/8"}, {"ALLOWED_HOSTS", "api.example.com,127.0.0.1"}});
  user = Login(server_->client(), "hosts@example.com", "Sturdy-Test-Pass-42");
  EXPECT_EQ(
      NextLink(user, {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "api.example.com"}}),
      "https://api.example.com/api/v1/apps?page_size=1&page=2");
  // The right-most value is the trusted proxy's.
  EXPECT_EQ(NextLink(user, {{"X-Forwarded-Proto", "http, https"},
                            {"X-Forwarded-Host", "evil.example, api.example.com"}}),
            "https://api.example.com/api/v1/apps?page_size=1&page=2");
  // Even a trusted proxy cannot bring in a host that is not served.
  auto r = server_->client().Get("/api/v1/billing/plans", {{"X-Forwarded-Host", "evil.example"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json().at("code"), "BAD_REQUEST");
}

TEST_F(HostsTest, PublicUrlMakesThePageLinks) {
  Start({{"PUBLIC_URL", "https://api.example.com/"}, {"ALLOWED_HOSTS", "127.0.0.1"}});
  auto user = UserWithTwoApps();
  EXPECT_EQ(NextLink(user, {}), "https://api.example.com/api/v1/apps?page_size=1&page=2");
  EXPECT_EQ(NextLink(user, {{"X-Forwarded-Host", "127.0.0.1"}, {"X-Forwarded-Proto", "http"}}),
            "https://api.example.com/api/v1/apps?page_size=1&page=2");
}

// With PUBLIC_URL, the cookie routes' "own origin" is exactly that origin, whatever the Host.
TEST_F(HostsTest, CsrfOwnOriginIsThePublicUrl) {
  Start({{"PUBLIC_URL", "https://api.example.com"}});
  auto user = CreateUser(*server_, "csrf@example.com");
  auto refresh = [&](const std::string& refresh_token, const std::string& origin) {
    auto headers = CookieHeaders(refresh_token);
    headers.emplace_back("Origin", origin);
    headers.emplace_back("Host", "127.0.0.1:" + Port());
    return server_->client().Send("POST", "/api/v1/auth/token/refresh", "", headers);
  };
  // The request's own Host is not the API's origin any more...
  auto own_host = refresh(user.refresh, "http://127.0.0.1:" + Port());
  EXPECT_EQ(own_host.status, 403);
  EXPECT_EQ(own_host.Json().at("code"), "CSRF_FAILED");
  // ...nor is another scheme of the public one; the public origin is.
  EXPECT_EQ(refresh(user.refresh, "http://api.example.com").status, 403);
  auto ok = refresh(user.refresh, "https://api.example.com");
  EXPECT_EQ(ok.status, 200) << ok.body;

  // Without PUBLIC_URL, an Origin on the request's own host passes, as before.
  Start();
  user = Login(server_->client(), "csrf@example.com", "Sturdy-Test-Pass-42");
  EXPECT_EQ(refresh(user.refresh, "http://127.0.0.1:" + Port()).status, 200);
}

}  // namespace
}  // namespace plangate::test

// Sign in with an OpenID Connect provider (contract v1.2), end to end: the real server on both
// database engines against a fake provider on loopback, the browser's redirect dance driven by
// hand (each Location followed, cookies carried).

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <future>
#include <thread>

#include "auth/totp.h"
#include "core/clock.h"
#include "support/auth_helpers.h"
#include "support/fake_oidc.h"

namespace plangate::test {
namespace {

std::map<std::string, std::string> QueryOf(const std::string& url) {
  std::map<std::string, std::string> out;
  const auto q = url.find('?');
  if (q == std::string::npos) return out;
  for (auto& [k, v] : FormPairs(std::string_view(url).substr(q + 1))) out[k] = std::move(v);
  return out;
}

// The path and query of an absolute URL.
std::string TargetOf(const std::string& url) {
  auto scheme = url.find("://");
  auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}

// The value a response sets for cookie `name`, if it sets one.
std::optional<std::string> CookieSet(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k.size() == 10 && strncasecmp(k.c_str(), "set-cookie", 10) == 0 &&
        v.rfind(name + "=", 0) == 0) {
      return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
    }
  }
  return std::nullopt;
}

std::optional<std::string> SetCookieLine(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (strncasecmp(k.c_str(), "set-cookie", 10) == 0 && v.rfind(name + "=", 0) == 0) return v;
  }
  return std::nullopt;
}

struct Dance {
  HttpResponse start;
  std::string state;      // the oidc_state cookie
  std::string authorize;  // the provider URL start sent the browser to
  HttpResponse provider;  // the provider's answer (302 back)
  HttpResponse callback;
  std::map<std::string, std::string> result;  // the query of the final redirect
};

class OidcTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    RememberSecret(FakeOidc::kClientSecret);
    Restart({});
  }

  void TearDown() override {
    if (server_) ExpectNoSecretsIn(server_->logs().All());
  }

  void Restart(const app::Env& extra) {
    server_.reset();
    app::Env env;
    for (const auto& [k, v] : fake_.Env("fake")) env[k] = v;
    for (const auto& [k, v] : extra) env[k] = v;
    server_ = std::make_unique<TestServer>(db_, env, std::vector<http::Route>{}, clock_);
  }

  HttpClient client() { return server_->client(); }

  HttpResponse Start(const std::string& next = "/apps") {
    return client().Get("/api/v1/auth/oidc/fake/start?next=" + next);
  }

  // The browser's part: start, the provider, back to the callback with the oidc_state cookie.
  // cookie_override replaces the cookie the browser sends (nullopt = the one start set).
  Dance SignIn(std::optional<std::string> cookie_override = std::nullopt) {
    Dance d;
    d.start = Start();
    EXPECT_EQ(d.start.status, 302) << d.start.body;
    d.state = CookieSet(d.start, "oidc_state").value_or("");
    d.authorize = d.start.Header("Location").value_or("");
    RememberSecret(d.state);
    d.provider = HttpClient(fake_.port()).Get(TargetOf(d.authorize));
    EXPECT_EQ(d.provider.status, 302) << d.provider.body;
    std::string back = d.provider.Header("Location").value_or("");
    RememberSecret(QueryOf(back)["code"]);
    Headers h;
    std::string cookie = cookie_override.value_or(d.state);
    if (!cookie.empty()) h.emplace_back("Cookie", "oidc_state=" + cookie);
    d.callback = client().Get(TargetOf(back), h);
    Finish(d);
    return d;
  }

  void Finish(Dance& d) {
    EXPECT_EQ(d.callback.status, 302) << d.callback.body;
    std::string location = d.callback.Header("Location").value_or("");
    EXPECT_NE(location.find("/auth/callback?"), std::string::npos) << location;
    d.result = QueryOf(location);
    if (auto refresh = CookieSet(d.callback, "refresh_token"); refresh && !refresh->empty()) {
      RememberSecret(*refresh);
    }
  }

  // The error reason of a sign-in that should fail.
  std::string Reason(const Dance& d) {
    EXPECT_FALSE(CookieSet(d.callback, "refresh_token")) << "a failed sign-in set a session";
    return d.result.count("error") ? d.result.at("error") : "(none)";
  }

  // The refresh cookie of a successful dance, turned into an access token and the user.
  LoggedIn Session(const Dance& d) {
    LoggedIn out;
    auto refresh = CookieSet(d.callback, "refresh_token");
    EXPECT_TRUE(refresh) << "no refresh cookie; result: " << boost::json::serialize(Json(d.result));
    if (!refresh) return out;
    auto r = client().Send("POST", "/api/v1/auth/token/refresh", "", CookieHeaders(*refresh));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return out;
    out.access = std::string(r.Json().at("access").as_string());
    out.refresh = *RefreshCookieOf(r);
    out.user_id = r.Json().at("user").at("id").as_int64();
    return out;
  }

  static boost::json::object Json(const std::map<std::string, std::string>& m) {
    boost::json::object o;
    for (const auto& [k, v] : m) o[k] = v;
    return o;
  }

  boost::json::value Me(const LoggedIn& who) {
    auto r = client().Get("/api/v1/auth/me", BearerHeaders(who.access));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }

  boost::json::array Identities(const LoggedIn& who) {
    auto r = client().Get("/api/v1/auth/identities", BearerHeaders(who.access));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("results").as_array();
  }

  std::shared_ptr<core::OffsetClock> clock_ = std::make_shared<core::OffsetClock>();
  FakeOidc fake_;
  SmtpSink sink_;
  TestDatabase db_{GetParam()};
  std::unique_ptr<TestServer> server_;
};

TEST_P(OidcTest, ProvidersAreListedInOrder) {
  Restart({{"OIDC_PROVIDERS", "fake,other"},
           {"OIDC_OTHER_ISSUER", fake_.issuer()},
           {"OIDC_OTHER_CLIENT_ID", "x"},
           {"OIDC_OTHER_CLIENT_SECRET", "y-secret-value"}});
  auto r = client().Get("/api/v1/auth/oidc/providers");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(
      boost::json::serialize(r.Json()),
      R"({"results":[{"name":"fake","label":"Fake fake"},{"name":"other","label":"other"}]})");
  EXPECT_EQ(client().Get("/api/v1/auth/oidc/nope/start").status, 404);
}

TEST_P(OidcTest, StartRedirectsWithStateNonceAndPkce) {
  auto r = Start("/apps?tab=1");
  ASSERT_EQ(r.status, 302) << r.body;
  auto location = r.Header("Location").value_or("");
  EXPECT_EQ(location.rfind(fake_.issuer() + "/authorize?", 0), 0u) << location;
  auto q = QueryOf(location);
  EXPECT_EQ(q["response_type"], "code");
  EXPECT_EQ(q["client_id"], FakeOidc::kClientId);
  EXPECT_EQ(q["redirect_uri"], "http://127.0.0.1/api/v1/auth/oidc/fake/callback");
  EXPECT_EQ(q["scope"], "openid email profile");
  EXPECT_EQ(q["code_challenge_method"], "S256");
  EXPECT_GE(q["state"].size(), 43u);  // 32 random bytes, base64url
  EXPECT_GE(q["nonce"].size(), 43u);
  EXPECT_EQ(q["code_challenge"].size(), 43u);
  auto cookie = SetCookieLine(r, "oidc_state").value_or("");
  EXPECT_EQ(cookie, "oidc_state=" + q["state"] +
                        "; Path=/api/v1/auth/oidc; Max-Age=600; HttpOnly; SameSite=Lax")
      << cookie;
  // Two starts: two different states and nonces.
  auto q2 = QueryOf(Start().Header("Location").value_or(""));
  EXPECT_NE(q2["state"], q["state"]);
  EXPECT_NE(q2["nonce"], q["nonce"]);
}

TEST_P(OidcTest, StartRefusesForeignNextPaths) {
  for (std::string next : {"//evil.example", "https://evil.example", "evil", "/%5Cevil.example",
                           "/%0d%0aSet-Cookie:x"}) {
    auto r = Start(next);
    EXPECT_EQ(r.status, 400) << next;
    EXPECT_TRUE(r.Json().at("errors").as_object().contains("next")) << next << r.body;
  }
  auto empty = client().Get("/api/v1/auth/oidc/fake/start?next=");
  EXPECT_EQ(empty.status, 302);
  auto none = client().Get("/api/v1/auth/oidc/fake/start");
  EXPECT_EQ(none.status, 302);
}

TEST_P(OidcTest, NewUserIsCreatedVerifiedWithoutPassword) {
  Dance d = SignIn();
  EXPECT_EQ(d.result["next"], "/apps");
  EXPECT_FALSE(d.result.count("error"));
  // The state cookie is cleared, the refresh cookie set as login sets it.
  EXPECT_EQ(CookieSet(d.callback, "oidc_state"), "");
  auto refresh_line = SetCookieLine(d.callback, "refresh_token").value_or("");
  EXPECT_NE(refresh_line.find("Path=/api/v1/auth;"), std::string::npos) << refresh_line;
  EXPECT_NE(refresh_line.find("HttpOnly"), std::string::npos) << refresh_line;
  LoggedIn who = Session(d);
  auto me = Me(who);
  EXPECT_EQ(me.at("email"), "oidc-user@example.com");
  EXPECT_EQ(me.at("is_verified"), true);
  EXPECT_EQ(me.at("has_password"), false);
  EXPECT_EQ(me.at("user_type"), "basic");
  auto ids = Identities(who);
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0].at("provider"), "fake");
  EXPECT_EQ(ids[0].at("email"), "oidc-user@example.com");
  // The data export lists the identity too.
  auto exported = client().Get("/api/v1/auth/me/export", BearerHeaders(who.access));
  ASSERT_EQ(exported.status, 200) << exported.body;
  auto exported_ids = exported.Json().at("identities").as_array();
  ASSERT_EQ(exported_ids.size(), 1u);
  EXPECT_EQ(exported_ids[0].at("id"), ids[0].at("id"));
  EXPECT_EQ(exported_ids[0].at("provider"), "fake");
  auto events = server_->logs().WaitForEvents("auth.oidc.login", 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("new_account"), true);
  EXPECT_EQ(events[0].at("provider"), "fake");
  // No password to log in with: the same answer as a wrong one.
  auto login = client().PostJson(
      "/api/v1/auth/login", JsonString({{"email", "oidc-user@example.com"}, {"password", ""}}));
  EXPECT_EQ(login.status, 400);  // an empty password is a validation error before anything
  login = client().PostJson("/api/v1/auth/login", JsonString({{"email", "oidc-user@example.com"},
                                                              {"password", "Anything-At-All-1"}}));
  EXPECT_EQ(login.status, 401);
  EXPECT_EQ(login.Json().at("code"), "INVALID_CREDENTIALS");
  // The code was exchanged with client_secret_basic and the PKCE verifier.
  for (const auto& req : fake_.Requests()) {
    if (req.path != "/token") continue;
    EXPECT_EQ(req.headers.count("authorization"), 1u);
    EXPECT_EQ(req.params.count("client_secret"), 0u);
    EXPECT_GE(req.params.at("code_verifier").size(), 43u);
  }
}

TEST_P(OidcTest, SecondSignInIsTheSameUserEvenWithoutVerifiedEmail) {
  LoggedIn first = Session(SignIn());
  fake_.SetAccount({.sub = "fake-sub-1", .email = "changed@example.com", .email_verified = false});
  LoggedIn second = Session(SignIn());
  EXPECT_EQ(second.user_id, first.user_id);
  auto events = server_->logs().WaitForEvents("auth.oidc.login", 2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].at("new_account"), false);
  EXPECT_EQ(Identities(second).size(), 1u);
}

TEST_P(OidcTest, VerifiedEmailLinksTheExistingAccount) {
  LoggedIn existing = CreateUser(*server_, "oidc-user@example.com");
  ExecSql(*server_,
          "UPDATE users SET is_verified = 0 WHERE id = " + std::to_string(existing.user_id));
  fake_.SetAccount({.sub = "fake-sub-9", .email = "OIDC-User@Example.com"});
  LoggedIn who = Session(SignIn());
  EXPECT_EQ(who.user_id, existing.user_id);
  auto me = Me(who);
  EXPECT_EQ(me.at("is_verified"), true);
  EXPECT_EQ(me.at("has_password"), true);
  EXPECT_EQ(server_->logs().WaitForEvents("auth.oidc.linked", 1).size(), 1u);
  // It has a password, so its one identity can go.
  auto ids = Identities(who);
  ASSERT_EQ(ids.size(), 1u);
  auto del = client().Send("DELETE",
                           "/api/v1/auth/identities/" + std::to_string(ids[0].at("id").as_int64()),
                           "", BearerHeaders(who.access));
  EXPECT_EQ(del.status, 204) << del.body;
  EXPECT_TRUE(Identities(who).empty());
}

TEST_P(OidcTest, LastSignInMethodCannotBeUnlinked) {
  LoggedIn who = Session(SignIn());
  auto ids = Identities(who);
  ASSERT_EQ(ids.size(), 1u);
  const std::string path = "/api/v1/auth/identities/" + std::to_string(ids[0].at("id").as_int64());
  auto r = client().Send("DELETE", path, "", BearerHeaders(who.access));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.Json().at("code"), "LAST_SIGN_IN_METHOD");
  // Another user cannot see or remove it.
  LoggedIn other = CreateUser(*server_, "someone@example.com");
  EXPECT_EQ(client().Send("DELETE", path, "", BearerHeaders(other.access)).status, 404);
  EXPECT_EQ(client()
                .Send("DELETE", "/api/v1/auth/identities/999999", "", BearerHeaders(who.access))
                .status,
            404);
  EXPECT_TRUE(Identities(other).empty());
  EXPECT_EQ(client().Get("/api/v1/auth/identities").status, 401);
  // A second identity (another provider account with the same verified email) can go.
  fake_.SetAccount({.sub = "fake-sub-2"});
  Session(SignIn());
  ASSERT_EQ(Identities(who).size(), 2u);
  EXPECT_EQ(client().Send("DELETE", path, "", BearerHeaders(who.access)).status, 204);
}

// A user without a password cannot confirm DELETE me with one: a sign-in at most 10 minutes old,
// shown by the refresh cookie, stands in for it, so an access token alone deletes nothing.
TEST_P(OidcTest, PasswordlessUserDeletesTheAccountOnlyRightAfterSigningIn) {
  Restart({{"RATE_LIMIT_ENABLED", "false"}});  // more tries than the password-change limit
  LoggedIn who = Session(SignIn());
  auto del = [&](const std::optional<std::string>& cookie, const std::string& body = "{}") {
    Headers h = BearerHeaders(who.access);
    if (cookie) h.emplace_back("Cookie", "refresh_token=" + *cookie);
    h.emplace_back("Content-Type", "application/json");
    return client().Send("DELETE", "/api/v1/auth/me", body, h);
  };
  auto no_cookie = del(std::nullopt);
  EXPECT_EQ(no_cookie.status, 403) << no_cookie.body;
  EXPECT_EQ(no_cookie.Json().at("code"), "REAUTHENTICATION_REQUIRED");
  // Any password is beside the point for a user who has none.
  EXPECT_EQ(del(std::nullopt, R"({"password":"Anything-At-All-1"})").Json().at("code"),
            "REAUTHENTICATION_REQUIRED");
  EXPECT_EQ(del(std::string("not-a-token")).Json().at("code"), "REAUTHENTICATION_REQUIRED");

  // Eleven minutes on, refreshing keeps the session but not the sign-in's freshness.
  clock_->Advance(11 * 60);
  auto refreshed =
      client().Send("POST", "/api/v1/auth/token/refresh", "", CookieHeaders(who.refresh));
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  who.access = std::string(refreshed.Json().at("access").as_string());
  who.refresh = *RefreshCookieOf(refreshed);
  auto stale = del(who.refresh);
  EXPECT_EQ(stale.status, 403) << stale.body;
  EXPECT_EQ(stale.Json().at("code"), "REAUTHENTICATION_REQUIRED");
  EXPECT_EQ(QueryInt(*server_, "SELECT COUNT(*) FROM users"), 1);

  // Signing in again with the provider makes it possible (the server's clock back with the
  // provider's, whose tokens would look expired eleven minutes on).
  clock_->Advance(-11 * 60);
  LoggedIn again = Session(SignIn());
  ASSERT_EQ(again.user_id, who.user_id);
  who = again;
  auto done = del(who.refresh);
  EXPECT_EQ(done.status, 204) << done.body;
  EXPECT_EQ(QueryInt(*server_, "SELECT COUNT(*) FROM users"), 0);
  EXPECT_EQ(QueryInt(*server_, "SELECT COUNT(*) FROM user_identities"), 0);
  EXPECT_EQ(server_->logs().WaitForEvents("auth.account.deleted", 1).size(), 1u);

  // A user with a password still needs it.
  LoggedIn with_password = CreateUser(*server_, "has-password@example.com");
  Headers json = BearerHeaders(with_password.access);
  json.emplace_back("Content-Type", "application/json");
  auto missing = client().Send("DELETE", "/api/v1/auth/me", "{}", json);
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_TRUE(missing.Json().at("errors").as_object().contains("password")) << missing.body;
}

// The fresh sign-in must be this user's, still live and the newest of its session.
TEST_P(OidcTest, OnlyTheUsersOwnLiveCurrentCookieShowsARecentSignIn) {
  Restart({{"RATE_LIMIT_ENABLED", "false"}});
  LoggedIn who = Session(SignIn());
  auto del = [&](const std::string& cookie) {
    Headers h = BearerHeaders(who.access);
    h.emplace_back("Cookie", "refresh_token=" + cookie);
    h.emplace_back("Content-Type", "application/json");
    return client().Send("DELETE", "/api/v1/auth/me", "{}", h);
  };
  auto expect_refused = [&](const HttpResponse& r, const char* what) {
    EXPECT_EQ(r.status, 403) << what << ": " << r.body;
    EXPECT_EQ(r.Json().at("code"), "REAUTHENTICATION_REQUIRED") << what;
  };

  // Another person's fresh sign-in, sent with this user's access token.
  fake_.SetAccount({.sub = "other-sub", .email = "someone-else@example.com"});
  LoggedIn other = Session(SignIn());
  ASSERT_NE(other.user_id, who.user_id);
  expect_refused(del(other.refresh), "another user's cookie");

  // The cookie of a session signed out since.
  const std::string signed_out = who.refresh;
  ASSERT_EQ(client().Send("POST", "/api/v1/auth/logout", "", CookieHeaders(signed_out)).status,
            204);
  expect_refused(del(signed_out), "a signed-out session");

  // A rotated cookie, even inside the grace in which refresh still accepts it.
  fake_.SetAccount({.sub = "fake-sub-1", .email = "oidc-user@example.com"});
  LoggedIn again = Session(SignIn());
  ASSERT_EQ(again.user_id, who.user_id);
  who.access = again.access;
  auto rotated =
      client().Send("POST", "/api/v1/auth/token/refresh", "", CookieHeaders(again.refresh));
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  expect_refused(del(again.refresh), "a rotated cookie");
  EXPECT_EQ(
      QueryInt(*server_, "SELECT COUNT(*) FROM users WHERE id = " + std::to_string(who.user_id)),
      1);

  // The session's current cookie does it.
  auto done = del(*RefreshCookieOf(rotated));
  EXPECT_EQ(done.status, 204) << done.body;
  EXPECT_EQ(
      QueryInt(*server_, "SELECT COUNT(*) FROM users WHERE id = " + std::to_string(who.user_id)),
      0);
}

TEST_P(OidcTest, EveryFailureIsARedirectWithItsReason) {
  using S = FakeOidc::Switches;
  EXPECT_EQ(Reason((fake_.Set(S{.deny = true}), SignIn())), "oidc_denied");
  EXPECT_EQ(Reason((fake_.Set(S{.wrong_issuer = true}), SignIn())), "oidc_token_invalid");
  EXPECT_EQ(Reason((fake_.Set(S{.wrong_audience = true}), SignIn())), "oidc_token_invalid");
  EXPECT_EQ(Reason((fake_.Set(S{.wrong_nonce = true}), SignIn())), "oidc_token_invalid");
  EXPECT_EQ(Reason((fake_.Set(S{.expired = true}), SignIn())), "oidc_token_invalid");
  EXPECT_EQ(Reason((fake_.Set(S{.unknown_kid = true}), SignIn())), "oidc_token_invalid");
  EXPECT_EQ(Reason((fake_.Set(S{.token_error = true}), SignIn())), "oidc_exchange_failed");
  fake_.Set(S{});
  fake_.SetAccount({.sub = "new-1", .email = "new1@example.com", .email_verified = false});
  EXPECT_EQ(Reason(SignIn()), "oidc_email_unverified");
  fake_.SetAccount({.sub = "new-2", .has_email = false});
  EXPECT_EQ(Reason(SignIn()), "oidc_email_unverified");
  LoggedIn disabled = CreateUser(*server_, "disabled@example.com");
  ExecSql(*server_, "UPDATE users SET is_disabled_by_admin = 1 WHERE id = " +
                        std::to_string(disabled.user_id));
  fake_.SetAccount({.sub = "new-3", .email = "disabled@example.com"});
  EXPECT_EQ(Reason(SignIn()), "account_disabled");
  // A failure's redirect carries the reason only.
  fake_.Set(S{.deny = true});
  EXPECT_EQ(SignIn().result.size(), 1u);
  auto failed = server_->logs().WaitForEvents("auth.oidc.failed", 11);
  ASSERT_GE(failed.size(), 11u);
  EXPECT_EQ(failed[0].at("reason"), "oidc_denied");
  EXPECT_EQ(failed[0].at("provider"), "fake");
}

TEST_P(OidcTest, StateIsCheckedFirstAndWorksOnce) {
  // No cookie, or another browser's.
  EXPECT_EQ(Reason(SignIn(std::string())), "oidc_state_invalid");
  Dance other = SignIn();
  EXPECT_EQ(Reason(SignIn(other.state)), "oidc_state_invalid");
  // A bad state wins over the provider's error.
  fake_.Set({.deny = true});
  EXPECT_EQ(Reason(SignIn(std::string("forged"))), "oidc_state_invalid");
  fake_.Set({});
  // Replayed: the first callback used the state up.
  Dance ok = SignIn();
  ASSERT_TRUE(CookieSet(ok.callback, "refresh_token"));
  auto again = client().Get(TargetOf(ok.provider.Header("Location").value_or("")),
                            {{"Cookie", "oidc_state=" + ok.state}});
  Dance replay;
  replay.callback = again;
  Finish(replay);
  EXPECT_EQ(Reason(replay), "oidc_state_invalid");
  // Unknown and missing states.
  auto unknown = client().Get("/api/v1/auth/oidc/fake/callback?code=x&state=unknown",
                              {{"Cookie", "oidc_state=unknown"}});
  Dance u;
  u.callback = unknown;
  Finish(u);
  EXPECT_EQ(Reason(u), "oidc_state_invalid");
  Dance m;
  m.callback = client().Get("/api/v1/auth/oidc/fake/callback?code=x");
  Finish(m);
  EXPECT_EQ(Reason(m), "oidc_state_invalid");
  // Expired after 10 minutes.
  auto start = Start();
  auto state = CookieSet(start, "oidc_state").value_or("");
  auto back = HttpClient(fake_.port())
                  .Get(TargetOf(start.Header("Location").value_or("")))
                  .Header("Location")
                  .value_or("");
  clock_->Advance(601);
  Dance late;
  late.callback = client().Get(TargetOf(back), {{"Cookie", "oidc_state=" + state}});
  Finish(late);
  EXPECT_EQ(Reason(late), "oidc_state_invalid");
}

TEST_P(OidcTest, RotatedKeysAreFetchedAgainAtMostOncePerMinute) {
  clock_->Freeze();
  Session(SignIn());
  EXPECT_EQ(fake_.Count("/jwks"), 1u);
  fake_.Set({.sign_with_ec = true});  // the cached set has the EC key too
  Session(SignIn());
  EXPECT_EQ(fake_.Count("/jwks"), 1u);
  // The provider rotates: the unknown kid fetches the set again, once a minute at most.
  fake_.RotateKeys();
  clock_->Advance(61);
  Session(SignIn());
  EXPECT_EQ(fake_.Count("/jwks"), 2u);
  fake_.RotateKeys();
  EXPECT_EQ(Reason(SignIn()), "oidc_token_invalid");
  EXPECT_EQ(Reason(SignIn()), "oidc_token_invalid");
  EXPECT_EQ(fake_.Count("/jwks"), 2u);
  clock_->Advance(61);
  Session(SignIn());
  EXPECT_EQ(fake_.Count("/jwks"), 3u);
  // The discovery document was read once.
  EXPECT_EQ(fake_.Count("/.well-known/openid-configuration"), 1u);
}

TEST_P(OidcTest, ClientSecretPostWhenOnlyThatIsListed) {
  fake_.Set({.post_auth_only = true});
  Restart({});
  Session(SignIn());
  bool seen = false;
  for (const auto& req : fake_.Requests()) {
    if (req.path != "/token") continue;
    seen = true;
    EXPECT_EQ(req.headers.count("authorization"), 0u);
    EXPECT_EQ(req.params.at("client_secret"), FakeOidc::kClientSecret);
    EXPECT_EQ(req.params.at("client_id"), FakeOidc::kClientId);
  }
  EXPECT_TRUE(seen);
}

TEST_P(OidcTest, TwoFactorUsersGetAnMfaTokenAndNoCookie) {
  LoggedIn user = CreateUser(*server_, "oidc-user@example.com");
  const std::string secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  ExecSql(*server_, "INSERT INTO mfa_totp (user_id, secret, updated_at) VALUES (" +
                        std::to_string(user.user_id) + ", '" + secret + "', 0)");
  ExecSql(*server_, "UPDATE users SET mfa_enabled = 1 WHERE id = " + std::to_string(user.user_id));
  Dance d = SignIn();
  EXPECT_FALSE(CookieSet(d.callback, "refresh_token"));
  EXPECT_EQ(d.result["next"], "/apps");
  ASSERT_GE(d.result["mfa_token"].size(), 43u);
  RememberSecret(d.result["mfa_token"]);
  // The token is live: a wrong code is INVALID_MFA_CODE (a dead token would be INVALID_TOKEN).
  auto verify =
      client().PostJson("/api/v1/auth/mfa/verify",
                        JsonString({{"mfa_token", d.result["mfa_token"]}, {"code", "000000"}}));
  EXPECT_EQ(verify.status, 400) << verify.body;
  EXPECT_EQ(verify.Json().at("code"), "INVALID_MFA_CODE");
  // The right code completes the sign-in as for a password login.
  verify = client().PostJson("/api/v1/auth/mfa/verify",
                             JsonString({{"mfa_token", d.result["mfa_token"]},
                                         {"code", auth::totp::CodeAt(secret, clock_->Now())}}));
  EXPECT_EQ(verify.status, 200) << verify.body;
  EXPECT_EQ(verify.Json().at("user").at("id").as_int64(), user.user_id);
  EXPECT_TRUE(RefreshCookieOf(verify));
}

TEST_P(OidcTest, HangingProviderFailsInTimeAndStallsNothingElse) {
  Restart({{"OIDC_TIMEOUT_MS", "1500"}, {"STRIPE_CONCURRENCY", "2"}, {"WORKER_THREADS", "4"}});
  // Discovery hangs: start answers 502 within the bound.
  fake_.HangNext("/.well-known/openid-configuration", 1, std::chrono::seconds(4));
  auto t0 = std::chrono::steady_clock::now();
  auto r = Start();
  EXPECT_EQ(r.status, 502) << r.body;
  EXPECT_EQ(r.Json().at("code"), "OIDC_PROVIDER_ERROR");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(3000));
  // The token endpoint hangs: the callback gives up with oidc_exchange_failed while other routes
  // keep answering.
  fake_.HangNext("/token", 1, std::chrono::seconds(4));
  auto dance = std::async(std::launch::async, [&] {
    auto begun = std::chrono::steady_clock::now();
    Dance d = SignIn();
    return std::make_pair(d, std::chrono::steady_clock::now() - begun);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  auto other_t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(client().Get("/readyz").status, 200);
  EXPECT_EQ(client().Get("/api/v1/auth/oidc/providers").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - other_t0, std::chrono::milliseconds(1000));
  auto [d, took] = dance.get();
  EXPECT_EQ(Reason(d), "oidc_exchange_failed");
  EXPECT_LT(took, std::chrono::milliseconds(3500));
}

TEST_P(OidcTest, StartIsRateLimitedPerIp) {
  Restart({{"RATE_LIMIT_OIDC_START_IP", "2/min"}});
  EXPECT_EQ(Start().status, 302);
  EXPECT_EQ(Start().status, 302);
  auto r = Start();
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_EQ(r.Json().at("code"), "RATE_LIMITED");
}

TEST_P(OidcTest, PasswordForgotGivesAPasswordlessUserAPassword) {
  Restart(SmtpEnv(sink_));
  LoggedIn who = Session(SignIn());
  auto forgot = client().PostJson("/api/v1/auth/password/forgot",
                                  JsonString({{"email", "oidc-user@example.com"}}));
  ASSERT_EQ(forgot.status, 202);
  auto mail = sink_.WaitFor("oidc-user@example.com", "Reset your password");
  ASSERT_TRUE(mail);
  const std::string token = TokenFromMail(*mail, "/reset-password");
  RememberSecret(token);
  auto reset =
      client().PostJson("/api/v1/auth/password/reset",
                        JsonString({{"token", token}, {"new_password", "Brand-New-Pass-42"}}));
  EXPECT_EQ(reset.status, 200) << reset.body;
  LoggedIn again = Login(client(), "oidc-user@example.com", "Brand-New-Pass-42");
  EXPECT_EQ(again.user_id, who.user_id);
  EXPECT_EQ(Me(again).at("has_password"), true);
  // With a password, the last identity can go.
  auto ids = Identities(again);
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(
      client()
          .Send("DELETE", "/api/v1/auth/identities/" + std::to_string(ids[0].at("id").as_int64()),
                "", BearerHeaders(again.access))
          .status,
      204);
}

INSTANTIATE_TEST_SUITE_P(Engines, OidcTest, kEngines, EngineName);

}  // namespace
}  // namespace plangate::test

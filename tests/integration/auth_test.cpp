// The Auth section of the contract, end to end: real server, real SMTP conversation with a sink
// on loopback, both database engines.

#include <gtest/gtest.h>

#include <signal.h>

#include <soci/soci.h>
#include <filesystem>
#include <fstream>
#include <thread>

#include "auth/jwt.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "db/url.h"
#include "support/auth_helpers.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

const std::string kPassword = "Correct-Horse-Battery-9";

class AuthTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    RememberSecret(kPassword);
    Restart({});
  }

  // The log scan: nothing a test used as a credential appears in any line the server wrote.
  void TearDown() override {
    if (server_) ExpectNoSecretsIn(server_->logs().All());
  }

  void Restart(const app::Env& extra) {
    server_.reset();
    app::Env env = SmtpEnv(sink_);
    for (const auto& [k, v] : extra) env[k] = v;
    server_ = std::make_unique<TestServer>(db_, env, std::vector<http::Route>{}, clock_);
  }

  HttpClient client() { return server_->client(); }

  HttpResponse Post(const std::string& path, const std::string& json, Headers headers = {}) {
    return client().PostJson(path, json, std::move(headers));
  }

  template <typename T>
  T Scalar(const std::string& sql) {
    T value{};
    server_->app().database().Run([&](soci::session& s) { s << sql, soci::into(value); });
    return value;
  }

  void Exec(const std::string& sql) {
    server_->app().database().Run([&](soci::session& s) { s << sql; });
  }

  SmtpSink sink_;
  TestDatabase db_{GetParam()};
  std::shared_ptr<core::OffsetClock> clock_ = std::make_shared<core::OffsetClock>();
  std::unique_ptr<TestServer> server_;
};

TEST_P(AuthTest, FullJourney) {
  const std::string email = "journey@example.com";
  auto reg = Post("/api/v1/auth/register",
                  JsonString({{"email", "  Journey@Example.COM "}, {"password", kPassword}}));
  ASSERT_EQ(reg.status, 201) << reg.body;
  EXPECT_TRUE(reg.Json().at("detail").is_string());

  auto mail = sink_.WaitFor(email, "Confirm your email");
  ASSERT_TRUE(mail.has_value());
  EXPECT_EQ(mail->from, "no-reply@plangate.test");
  std::string token = TokenFromMail(*mail, "http://app.test/verify-email");
  ASSERT_GE(token.size(), 43u);  // 32 random bytes, base64url

  auto early = Post("/api/v1/auth/login", JsonString({{"email", email}, {"password", kPassword}}));
  EXPECT_EQ(early.status, 403);
  EXPECT_EQ(early.Json().at("code"), "EMAIL_NOT_VERIFIED");

  auto verified = Post("/api/v1/auth/verify-email", JsonString({{"token", token}}));
  EXPECT_EQ(verified.status, 200) << verified.body;
  auto again = Post("/api/v1/auth/verify-email", JsonString({{"token", token}}));
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.Json().at("code"), "INVALID_TOKEN");

  auto login = Post("/api/v1/auth/login", JsonString({{"email", email}, {"password", kPassword}}));
  ASSERT_EQ(login.status, 200) << login.body;
  auto body = login.Json().as_object();
  EXPECT_EQ(body["token_type"], "Bearer");
  EXPECT_EQ(body["expires_in"], 300);
  auto user = body["user"].as_object();
  EXPECT_EQ(user["email"].as_string(), email);
  EXPECT_EQ(user["user_type"], "basic");
  EXPECT_EQ(user["is_verified"], true);
  EXPECT_EQ(user["is_staff"], false);
  EXPECT_EQ(user["app_count"], 0);
  EXPECT_EQ(user["app_limit"], 3);
  EXPECT_EQ(std::string(user["date_joined"].as_string()).back(), 'Z');
  std::string cookie = SetCookieOf(login);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/api/v1/auth"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Max-Age=604800"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "local default is COOKIE_SECURE=false";
  std::string refresh = *RefreshCookieOf(login);
  EXPECT_GE(refresh.size(), 43u);
  EXPECT_EQ(refresh.find('.'), std::string::npos) << "the refresh token must not be a JWT";
  std::string access(body["access"].as_string());

  auto me = client().Get("/api/v1/auth/me", BearerHeaders(access));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json().at("email").as_string(), email);
  EXPECT_GT(Scalar<long long>("SELECT COUNT(*) FROM users WHERE last_login IS NOT NULL"), 0);

  auto rotated = Post("/api/v1/auth/token/refresh", "", CookieHeaders(refresh));
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  std::string refresh2 = *RefreshCookieOf(rotated);
  EXPECT_NE(refresh2, refresh);
  EXPECT_TRUE(rotated.Json().at("access").is_string());

  auto logout = Post("/api/v1/auth/logout", "", CookieHeaders(refresh2));
  EXPECT_EQ(logout.status, 204);
  EXPECT_NE(SetCookieOf(logout).find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(RefreshCookieOf(logout), "");

  auto refused = Post("/api/v1/auth/token/refresh", "", CookieHeaders(refresh2));
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.Json().at("code"), "REFRESH_TOKEN_INVALID");

  // No raw token stays in the database once its mail is delivered.
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NULL"), 0);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM email_outbox WHERE body_text LIKE '%" + token +
                              "%' OR body_html LIKE '%" + token + "%'"),
            0);
  EXPECT_EQ(
      Scalar<long long>("SELECT COUNT(*) FROM email_tokens WHERE token_hash = '" + token + "'"), 0);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM refresh_sessions WHERE token_hash = '" +
                              refresh + "'"),
            0);

  // Nothing the test sent or received that is secret shows up in any log line.
  std::string logs = server_->logs().All();
  for (const std::string& secret : {kPassword, token, refresh, refresh2, access}) {
    EXPECT_EQ(logs.find(secret), std::string::npos) << "leaked into the logs: " << secret;
  }
  for (const char* event : {"auth.register", "auth.login.succeeded", "auth.login.failed",
                            "auth.refresh", "auth.logout"}) {
    EXPECT_FALSE(server_->logs().Events(event).empty()) << event;
  }
  bool request_has_user = false;
  for (auto& line : server_->logs().Events("http.request")) {
    if (line["route"] == "/api/v1/auth/me")
      request_has_user = line["user_id"] == body["user"].at("id");
  }
  EXPECT_TRUE(request_has_user) << "http.request names the authenticated user";
  auto succeeded = server_->logs().Events("auth.login.succeeded");
  EXPECT_EQ(succeeded[0]["user_id"], body["user"].at("id"));
  EXPECT_EQ(succeeded[0]["ip"], "127.0.0.1");
}

TEST_P(AuthTest, RegisterDoesNotRevealExistingAccounts) {
  SignUp(client(), sink_, "taken@example.com", kPassword);
  auto fresh = Post("/api/v1/auth/register",
                    JsonString({{"email", "new@example.com"}, {"password", kPassword}}));
  auto taken = Post("/api/v1/auth/register",
                    JsonString({{"email", "TAKEN@example.com"}, {"password", "Another-Pass-77"}}));
  EXPECT_EQ(fresh.status, 201);
  EXPECT_EQ(taken.status, fresh.status);
  EXPECT_EQ(taken.body, fresh.body);
  EXPECT_TRUE(sink_.WaitFor("taken@example.com", "already have an account").has_value());
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM users WHERE email = 'taken@example.com'"), 1);
  // The original password still works; the second registration changed nothing.
  Login(client(), "taken@example.com", kPassword);
}

TEST_P(AuthTest, PasswordPolicy) {
  struct Case {
    std::string password;
    std::string reason;
  };
  std::vector<Case> cases = {
      {"Ab1!xyz", "too short"},
      {std::string(129, 'x') + "A1!", "too long"},
      {"12345678901", "entirely numeric"},
      {"policy.user@example.com", "the email"},
      {"POLICY.USER@example.com", "the email, case-insensitively"},
      {"policy.user", "the local part"},
      {"password", "common"},
      {"iloveyou", "common"},
      {"qwertyuiop", "common"},
      {"letmein123", "common"},
      {"aaaaaaaa", "too few different characters"},
      {"abcdefgh", "a sequence"},
      {"12345678a", "a sequence and a letter"},
      {"passw0rd11", "a mangled dictionary word and digits"},
      {"Policy.User99", "the local part and digits"},
  };
  for (const auto& c : cases) {
    auto r = Post("/api/v1/auth/register",
                  JsonString({{"email", "policy.user@example.com"}, {"password", c.password}}));
    EXPECT_EQ(r.status, 400) << c.reason;
    EXPECT_EQ(r.Json().at("code"), "VALIDATION_ERROR") << c.reason;
    EXPECT_TRUE(r.Json().at("errors").as_object().contains("password")) << c.reason << r.body;
  }
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM users"), 0);

  // All 128 characters count: a password differing only in the last one does not log in.
  const std::string alphabet =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!$%&*+-=?@^_~";
  std::string long_pw;
  for (std::size_t i = 0; i < 128; ++i)
    long_pw += alphabet[(i * 37 + i * i * 11 + 5) % alphabet.size()];
  SignUp(client(), sink_, "long@example.com", long_pw);
  std::string almost = long_pw;
  almost.back() = almost.back() == '#' ? '%' : '#';
  auto r =
      Post("/api/v1/auth/login", JsonString({{"email", "long@example.com"}, {"password", almost}}));
  EXPECT_EQ(r.status, 401);
}

// cracklib's own "too simplistic/systematic" refused these generator strings (#18).
TEST_P(AuthTest, StrongRandomPasswordsAreAccepted) {
  for (std::string pw : {"Pw-rsshmznTcopOJjKcBiCd", "Pw-XwWX6EdokEemQTUtUgi9"}) {
    RememberSecret(pw);
    std::string email = "random" + pw.substr(pw.size() - 3) + "@example.com";
    auto r = Post("/api/v1/auth/register", JsonString({{"email", email}, {"password", pw}}));
    EXPECT_EQ(r.status, 201) << pw << " " << r.body;
  }
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM users"), 2);
}

TEST_P(AuthTest, MalformedFieldsAreValidationErrors) {
  auto wrong_types = Post("/api/v1/auth/register", R"({"email": 5, "password": ["x"]})");
  EXPECT_EQ(wrong_types.status, 400);
  auto errors = wrong_types.Json().at("errors").as_object();
  EXPECT_TRUE(errors.contains("email"));
  EXPECT_TRUE(errors.contains("password"));
  auto missing = Post("/api/v1/auth/login", "{}");
  EXPECT_EQ(missing.Json().at("errors").at("email").at(0), "This field is required.");
  auto null = Post("/api/v1/auth/login", R"({"email": null, "password": "x"})");
  EXPECT_EQ(null.Json().at("errors").at("email").at(0), "This field may not be null.");
  auto bad_email = Post("/api/v1/auth/register", R"({"email": "not-an-email", "password": "x"})");
  EXPECT_EQ(bad_email.Json().at("errors").at("email").at(0), "Enter a valid email address.");
  auto long_email = Post(
      "/api/v1/auth/register",
      JsonString({{"email", std::string(250, 'a') + "@example.com"}, {"password", kPassword}}));
  EXPECT_EQ(long_email.status, 400);
  auto not_json = client().Send("POST", "/api/v1/auth/login", "email=a",
                                {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(not_json.status, 415);
  auto broken = Post("/api/v1/auth/login", "{\"email\":");
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(broken.Json().at("code"), "BAD_REQUEST");
}

TEST_P(AuthTest, LoginChecksThePasswordBeforeAccountState) {
  SignUp(client(), sink_, "state@example.com", kPassword);
  auto unknown = Post("/api/v1/auth/login",
                      JsonString({{"email", "nobody@example.com"}, {"password", kPassword}}));
  auto wrong = Post("/api/v1/auth/login",
                    JsonString({{"email", "state@example.com"}, {"password", "Wrong-Pass-123"}}));
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.body, wrong.body);
  EXPECT_EQ(wrong.Json().at("code"), "INVALID_CREDENTIALS");
}

TEST_P(AuthTest, VerificationAndResetTokensExpire) {
  auto reg = Post("/api/v1/auth/register",
                  JsonString({{"email", "late@example.com"}, {"password", kPassword}}));
  ASSERT_EQ(reg.status, 201);
  auto mail = sink_.WaitFor("late@example.com", "Confirm");
  ASSERT_TRUE(mail);
  clock_->Advance(48 * 3600 + 1);
  auto expired = Post("/api/v1/auth/verify-email",
                      JsonString({{"token", TokenFromMail(*mail, "/verify-email")}}));
  EXPECT_EQ(expired.status, 400);
  EXPECT_EQ(expired.Json().at("code"), "INVALID_TOKEN");

  ASSERT_EQ(
      Post("/api/v1/auth/password/forgot", JsonString({{"email", "late@example.com"}})).status,
      202);
  auto reset_mail = sink_.WaitFor("late@example.com", "Reset your password");
  ASSERT_TRUE(reset_mail);
  clock_->Advance(3601);
  auto late = Post("/api/v1/auth/password/reset",
                   JsonString({{"token", TokenFromMail(*reset_mail, "/reset-password")},
                               {"new_password", "Brand-New-Pass-42"}}));
  EXPECT_EQ(late.status, 400);
  EXPECT_EQ(late.Json().at("code"), "INVALID_TOKEN");
  EXPECT_EQ(Post("/api/v1/auth/verify-email", JsonString({{"token", "made-up"}})).status, 400);
}

TEST_P(AuthTest, ResendVerificationOnlyForUnverifiedUsers) {
  Post("/api/v1/auth/register",
       JsonString({{"email", "resend@example.com"}, {"password", kPassword}}));
  ASSERT_TRUE(sink_.WaitFor("resend@example.com", "Confirm"));
  EXPECT_EQ(Post("/api/v1/auth/resend-verification", JsonString({{"email", "resend@example.com"}}))
                .status,
            202);
  auto second = sink_.WaitFor("resend@example.com", "Confirm", 2);
  ASSERT_TRUE(second);
  EXPECT_EQ(Post("/api/v1/auth/verify-email",
                 JsonString({{"token", TokenFromMail(*second, "/verify-email")}}))
                .status,
            200);
  EXPECT_EQ(Post("/api/v1/auth/resend-verification", JsonString({{"email", "resend@example.com"}}))
                .status,
            202);
  EXPECT_EQ(
      Post("/api/v1/auth/resend-verification", JsonString({{"email", "ghost@example.com"}})).status,
      202);
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(sink_.CountTo("resend@example.com"), 2u);
  EXPECT_EQ(sink_.CountTo("ghost@example.com"), 0u);
}

TEST_P(AuthTest, RefreshReuseWithinAndAfterGrace) {
  auto session = SignUp(client(), sink_, "tabs@example.com", kPassword);
  std::string a = session.refresh;
  auto first = Post("/api/v1/auth/token/refresh", "", CookieHeaders(a));
  ASSERT_EQ(first.status, 200);
  std::string b = *RefreshCookieOf(first);
  // A second tab presents the same (now rotated) token within the grace period.
  auto second = Post("/api/v1/auth/token/refresh", "", CookieHeaders(a));
  ASSERT_EQ(second.status, 200) << second.body;
  std::string c = *RefreshCookieOf(second);
  EXPECT_NE(b, c);
  auto b_again = Post("/api/v1/auth/token/refresh", "", CookieHeaders(b));
  ASSERT_EQ(b_again.status, 200) << "the child issued earlier must stay valid";
  std::string d = *RefreshCookieOf(b_again);

  clock_->Advance(11);
  auto replay = Post("/api/v1/auth/token/refresh", "", CookieHeaders(a));
  EXPECT_EQ(replay.status, 401);
  EXPECT_EQ(replay.Json().at("code"), "REFRESH_TOKEN_INVALID");
  // Reuse after the grace period revokes the whole family.
  for (const auto& t : {c, d}) {
    EXPECT_EQ(Post("/api/v1/auth/token/refresh", "", CookieHeaders(t)).status, 401);
  }
  auto detected = server_->logs().Events("auth.refresh.reuse_detected");
  ASSERT_EQ(detected.size(), 1u);
  EXPECT_EQ(detected[0]["user_id"], session.user_id);
}

TEST_P(AuthTest, ExpiredRefreshTokenIsRefused) {
  auto session = SignUp(client(), sink_, "old@example.com", kPassword);
  clock_->Advance(7 * 24 * 3600 + 1);
  auto r = Post("/api/v1/auth/token/refresh", "", CookieHeaders(session.refresh));
  EXPECT_EQ(r.status, 401);
  // And the access token, long expired, is refused too.
  auto me = client().Get("/api/v1/auth/me", BearerHeaders(session.access));
  EXPECT_EQ(me.status, 401);
  EXPECT_EQ(me.Json().at("code"), "NOT_AUTHENTICATED");
}

TEST_P(AuthTest, CsrfRulesOnCookieRoutes) {
  Restart({{"CORS_ALLOWED_ORIGINS", "https://spa.example.com"}});
  auto session = SignUp(client(), sink_, "csrf@example.com", kPassword);
  Headers no_header = {{"Cookie", "refresh_token=" + session.refresh}};
  auto missing = Post("/api/v1/auth/token/refresh", "", no_header);
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(missing.Json().at("code"), "CSRF_FAILED");
  auto foreign_headers = CookieHeaders(session.refresh);
  foreign_headers.emplace_back("Origin", "https://evil.example.com");
  auto foreign = Post("/api/v1/auth/token/refresh", "", foreign_headers);
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(foreign.Json().at("code"), "CSRF_FAILED");
  EXPECT_EQ(Post("/api/v1/auth/logout", "", no_header).status, 403);

  auto allowed_headers = CookieHeaders(session.refresh);
  allowed_headers.emplace_back("Origin", "https://spa.example.com");
  auto allowed = Post("/api/v1/auth/token/refresh", "", allowed_headers);
  ASSERT_EQ(allowed.status, 200) << allowed.body;
  EXPECT_EQ(allowed.Header("Access-Control-Allow-Origin"), "https://spa.example.com");
  EXPECT_EQ(allowed.Header("Access-Control-Allow-Credentials"), "true");
  // The API's own origin (same host as the request) is fine too.
  RawConnection conn(server_->port());
  std::string host = "127.0.0.1:" + std::to_string(server_->port());
  conn.Write("POST /api/v1/auth/token/refresh HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://" +
             host +
             "\r\nX-Requested-With: XMLHttpRequest\r\n"
             "Cookie: refresh_token=" +
             *RefreshCookieOf(allowed) + "\r\nContent-Length: 0\r\n\r\n");
  auto own = conn.ReadResponse();
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200) << own->body;
}

TEST_P(AuthTest, DisabledUserIsLockedOutEverywhere) {
  auto session = SignUp(client(), sink_, "disabled@example.com", kPassword);
  Exec("UPDATE users SET is_disabled_by_admin = 1 WHERE email = 'disabled@example.com'");
  auto me = client().Get("/api/v1/auth/me", BearerHeaders(session.access));
  EXPECT_EQ(me.status, 403);
  EXPECT_EQ(me.Json().at("code"), "ACCOUNT_DISABLED");
  auto refresh = Post("/api/v1/auth/token/refresh", "", CookieHeaders(session.refresh));
  EXPECT_EQ(refresh.status, 403);
  EXPECT_EQ(refresh.Json().at("code"), "ACCOUNT_DISABLED");
  auto login = Post("/api/v1/auth/login",
                    JsonString({{"email", "disabled@example.com"}, {"password", kPassword}}));
  EXPECT_EQ(login.status, 403);
  EXPECT_EQ(login.Json().at("code"), "ACCOUNT_DISABLED");
  auto wrong = Post("/api/v1/auth/login",
                    JsonString({{"email", "disabled@example.com"}, {"password", "Wrong-Pass-1"}}));
  EXPECT_EQ(wrong.Json().at("code"), "INVALID_CREDENTIALS");
}

TEST_P(AuthTest, BadAccessTokensAreNotAuthenticated) {
  auto session = SignUp(client(), sink_, "bearer@example.com", kPassword);
  std::string tampered = session.access;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  for (const Headers& h : std::vector<Headers>{{},
                                               {{"Authorization", "Bearer"}},
                                               {{"Authorization", "Basic dXNlcjpwYXNz"}},
                                               {{"Authorization", "Bearer not.a.jwt"}},
                                               {{"Authorization", "Bearer " + tampered}},
                                               {{"Authorization", "Bearer " + session.refresh}}}) {
    auto r = client().Get("/api/v1/auth/me", h);
    EXPECT_EQ(r.status, 401) << (h.empty() ? "no header" : h[0].second);
    EXPECT_EQ(r.Json().at("code"), "NOT_AUTHENTICATED");
    EXPECT_EQ(r.Header("WWW-Authenticate"), "Bearer");
  }
  // A token whose user is gone.
  Exec("DELETE FROM users WHERE email = 'bearer@example.com'");
  EXPECT_EQ(client().Get("/api/v1/auth/me", BearerHeaders(session.access)).status, 401);
}

// Tokens signed with the right key but with a key repeated in the header or the claims.
TEST_P(AuthTest, TokensWithDuplicateKeysAreNotAuthenticated) {
  auto session = SignUp(client(), sink_, "dupkeys@example.com", kPassword);
  const std::string key = server_->app().config().jwt_signing_key;
  const std::int64_t now = clock_->Now();
  const std::string sub = std::to_string(session.user_id);
  auto forge = [&](const std::string& header, const std::string& claims) {
    std::string input = core::Base64UrlEncode(header) + "." + core::Base64UrlEncode(claims);
    return input + "." + auth::SignHs256(input, key);
  };
  const std::string claims = R"({"sub":")" + sub + R"(","iat":)" + std::to_string(now) +
                             R"(,"exp":)" + std::to_string(now + 300) +
                             R"(,"jti":"j","type":"access")";
  // The forgery itself works: without a repeated key the token is accepted.
  EXPECT_EQ(client()
                .Get("/api/v1/auth/me", BearerHeaders(forge(R"({"alg":"HS256"})", claims + "}")))
                .status,
            200);
  for (const auto& token : {forge(R"({"alg":"none","alg":"HS256"})", claims + "}"),
                            forge(R"({"alg":"HS256"})", claims + R"(,"sub":")" + sub + "\"}")}) {
    auto r = client().Get("/api/v1/auth/me", BearerHeaders(token));
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.Json().at("code"), "NOT_AUTHENTICATED");
  }
}

// password/forgot does the same database work for an unknown address as for a known one (an
// outbox row written in the same kind of transaction), so its timing tells nothing; the row for
// the unknown address is marked to be dropped and nothing is ever sent to it.
TEST_P(AuthTest, ForgotPasswordForAnUnknownAddressWritesADroppedOutboxRow) {
  SignUp(client(), sink_, "known@example.com", kPassword);
  ASSERT_EQ(
      Post("/api/v1/auth/password/forgot", JsonString({{"email", "nobody@example.com"}})).status,
      202);
  ASSERT_EQ(
      Post("/api/v1/auth/password/forgot", JsonString({{"email", "known@example.com"}})).status,
      202);
  ASSERT_TRUE(sink_.WaitFor("known@example.com", "Reset your password"));
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM email_outbox WHERE to_address = "
                              "'nobody@example.com' AND discard = 1"),
            1);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM email_outbox WHERE to_address = "
                              "'known@example.com' AND discard = 1"),
            0);
  // The delivery loop drops it (done, its body scrubbed) without sending it.
  for (int i = 0; i < 100; ++i) {
    if (Scalar<long long>("SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NULL") == 0) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM email_outbox WHERE to_address = "
                              "'nobody@example.com' AND sent_at IS NOT NULL AND body_text = ''"),
            1);
  EXPECT_EQ(sink_.CountTo("nobody@example.com"), 0u);
  EXPECT_EQ(server_->logs().Events("email.dropped").size(), 1u);
}

TEST_P(AuthTest, PasswordResetRevokesEverySession) {
  auto one = SignUp(client(), sink_, "reset@example.com", kPassword);
  auto two = Login(client(), "reset@example.com", kPassword);
  ASSERT_EQ(
      Post("/api/v1/auth/password/forgot", JsonString({{"email", "Reset@example.com"}})).status,
      202);
  EXPECT_EQ(
      Post("/api/v1/auth/password/forgot", JsonString({{"email", "nobody@example.com"}})).status,
      202);
  auto mail = sink_.WaitFor("reset@example.com", "Reset your password");
  ASSERT_TRUE(mail);
  std::string token = TokenFromMail(*mail, "http://app.test/reset-password");

  auto weak = Post("/api/v1/auth/password/reset",
                   JsonString({{"token", token}, {"new_password", "password"}}));
  EXPECT_EQ(weak.status, 400);
  EXPECT_TRUE(weak.Json().at("errors").as_object().contains("new_password"));

  const std::string fresh = "Another-Strong-Pass-8";
  auto ok =
      Post("/api/v1/auth/password/reset", JsonString({{"token", token}, {"new_password", fresh}}));
  ASSERT_EQ(ok.status, 200) << "a policy failure must not use up the token: " << ok.body;
  EXPECT_EQ(
      Post("/api/v1/auth/password/reset", JsonString({{"token", token}, {"new_password", fresh}}))
          .status,
      400);
  for (const auto& s : {one, two}) {
    EXPECT_EQ(Post("/api/v1/auth/token/refresh", "", CookieHeaders(s.refresh)).status, 401);
  }
  EXPECT_EQ(Post("/api/v1/auth/login",
                 JsonString({{"email", "reset@example.com"}, {"password", kPassword}}))
                .status,
            401);
  Login(client(), "reset@example.com", fresh);
  EXPECT_TRUE(sink_.WaitFor("reset@example.com", "password was changed"));
  EXPECT_FALSE(server_->logs().Events("auth.password_reset.completed").empty());
}

TEST_P(AuthTest, ResetVerifiesTheEmailAndKillsOtherResetTokens) {
  Post("/api/v1/auth/register",
       JsonString({{"email", "unverified@example.com"}, {"password", kPassword}}));
  Post("/api/v1/auth/password/forgot", JsonString({{"email", "unverified@example.com"}}));
  Post("/api/v1/auth/password/forgot", JsonString({{"email", "unverified@example.com"}}));
  auto first = sink_.WaitFor("unverified@example.com", "Reset", 1);
  auto second = sink_.WaitFor("unverified@example.com", "Reset", 2);
  ASSERT_TRUE(first && second);
  std::string t1 = TokenFromMail(*first, "/reset-password");
  std::string t2 = TokenFromMail(*second, "/reset-password");
  ASSERT_NE(t1, t2);
  EXPECT_EQ(Post("/api/v1/auth/password/reset",
                 JsonString({{"token", t2}, {"new_password", "Fresh-Password-99"}}))
                .status,
            200);
  EXPECT_EQ(Post("/api/v1/auth/password/reset",
                 JsonString({{"token", t1}, {"new_password", "Other-Password-98"}}))
                .status,
            400);
  Login(client(), "unverified@example.com", "Fresh-Password-99");
}

TEST_P(AuthTest, PasswordChangeKeepsThisSessionAndEndsTheOthers) {
  auto here = SignUp(client(), sink_, "change@example.com", kPassword);
  auto elsewhere = Login(client(), "change@example.com", kPassword);
  Headers auth = BearerHeaders(here.access);
  auth.emplace_back("Cookie", "refresh_token=" + here.refresh);
  auto wrong = Post(
      "/api/v1/auth/password/change",
      JsonString({{"current_password", "nope-nope-1"}, {"new_password", "Changed-Pass-55"}}), auth);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_TRUE(wrong.Json().at("errors").as_object().contains("current_password"));
  auto ok = Post("/api/v1/auth/password/change",
                 JsonString({{"current_password", kPassword}, {"new_password", "Changed-Pass-55"}}),
                 auth);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Post("/api/v1/auth/token/refresh", "", CookieHeaders(elsewhere.refresh)).status, 401);
  EXPECT_EQ(Post("/api/v1/auth/token/refresh", "", CookieHeaders(here.refresh)).status, 200);
  Login(client(), "change@example.com", "Changed-Pass-55");
  EXPECT_EQ(Post("/api/v1/auth/password/change", "{}").status, 401);
}

// Each wrong current_password costs an argon2id hash: limited per user and per client IP, every
// attempt counting, like login.
TEST_P(AuthTest, PasswordChangeIsRateLimitedPerUserAndPerIp) {
  clock_->Freeze();
  auto one = SignUp(client(), sink_, "limit-one@example.com", kPassword);
  auto two = SignUp(client(), sink_, "limit-two@example.com", kPassword);
  Restart({{"RATE_LIMIT_ENABLED", "true"},
           {"TRUSTED_PROXIES", "127.0.0.0/8"},
           {"RATE_LIMIT_PASSWORD_CHANGE_IP", "3/min"}});
  auto change = [&](const LoggedIn& who, const std::string& ip, const std::string& current) {
    Headers h = BearerHeaders(who.access);
    h.emplace_back("X-Forwarded-For", ip);
    return Post("/api/v1/auth/password/change",
                JsonString({{"current_password", current}, {"new_password", "Changed-Pass-55"}}),
                h);
  };
  // Per user (default 5/min), whatever the IP.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(change(one, "198.51.100." + std::to_string(i + 1), "wrong-pass-1").status, 400);
  }
  auto limited = change(one, "198.51.100.77", kPassword);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Json().at("code"), "RATE_LIMITED");
  ASSERT_TRUE(limited.Header("Retry-After"));
  EXPECT_GE(std::stoi(*limited.Header("Retry-After")), 1);
  EXPECT_GE(limited.Json().at("retry_after").as_int64(), 1);
  // Per IP (3/min here): another user, still well within their own limit.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(change(two, "203.0.113.6", "wrong-pass-1").status, 400);
  }
  EXPECT_EQ(change(two, "203.0.113.6", "wrong-pass-1").status, 429);
  EXPECT_EQ(change(two, "203.0.113.7", "wrong-pass-1").status, 400);
  // The window passes: the right password works again.
  clock_->Advance(61);
  EXPECT_EQ(change(one, "198.51.100.1", kPassword).status, 200);
}

// A reset link mailed before a password change dies with the change (same transaction).
TEST_P(AuthTest, PasswordChangeKillsOutstandingResetTokens) {
  auto session = SignUp(client(), sink_, "stale-reset@example.com", kPassword);
  ASSERT_EQ(Post("/api/v1/auth/password/forgot", JsonString({{"email", "stale-reset@example.com"}}))
                .status,
            202);
  auto mail = sink_.WaitFor("stale-reset@example.com", "Reset your password");
  ASSERT_TRUE(mail);
  std::string token = TokenFromMail(*mail, "/reset-password");
  ASSERT_EQ(Post("/api/v1/auth/password/change",
                 JsonString({{"current_password", kPassword}, {"new_password", "Changed-Pass-55"}}),
                 BearerHeaders(session.access))
                .status,
            200);
  auto reset = Post("/api/v1/auth/password/reset",
                    JsonString({{"token", token}, {"new_password", "Taken-Back-Pass-77"}}));
  EXPECT_EQ(reset.status, 400);
  EXPECT_EQ(reset.Json().at("code"), "INVALID_TOKEN");
  Login(client(), "stale-reset@example.com", "Changed-Pass-55");
}

TEST_P(AuthTest, LogoutAllEndsEverySession) {
  auto one = SignUp(client(), sink_, "all@example.com", kPassword);
  auto two = Login(client(), "all@example.com", kPassword);
  auto r = Post("/api/v1/auth/logout", R"({"all": true})", CookieHeaders(one.refresh));
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(Post("/api/v1/auth/token/refresh", "", CookieHeaders(two.refresh)).status, 401);
  // Without a cookie at all: still 204.
  EXPECT_EQ(Post("/api/v1/auth/logout", "", {{"X-Requested-With", "XMLHttpRequest"}}).status, 204);
}

TEST_P(AuthTest, MailQueuedWhileSmtpIsDownArrivesAfterItReturns) {
  sink_.Stop();
  auto r = Post("/api/v1/auth/register",
                JsonString({{"email", "outage@example.com"}, {"password", kPassword}}));
  EXPECT_EQ(r.status, 201) << "an SMTP outage must not fail the request";
  std::this_thread::sleep_for(1500ms);
  EXPECT_GT(
      Scalar<long long>("SELECT COUNT(*) FROM email_outbox WHERE attempts > 0 AND sent_at IS NULL"),
      0);
  sink_.Start();
  auto mail = sink_.WaitFor("outage@example.com", "Confirm", 1, 15s);
  ASSERT_TRUE(mail.has_value());
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(sink_.CountTo("outage@example.com"), 1u) << "delivered twice";
  EXPECT_FALSE(server_->logs().Events("email.failed").empty());
}

// A limit holds across any boundary: 5 logins/min for one email means 5 in any 60 seconds, not
// 5 before :00 and 5 more after it. Retry-After says when the next attempt gets through.
TEST_P(AuthTest, RateLimitsHoldAcrossAMinuteBoundary) {
  clock_->Freeze();
  // The last second of a wall-clock minute.
  clock_->Advance((59 - clock_->Now() % 60 + 60) % 60);
  Restart({{"RATE_LIMIT_ENABLED", "true"}});
  const std::string body =
      JsonString({{"email", "edge@example.com"}, {"password", "Wrong-Pass-1"}});
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Post("/api/v1/auth/login", body).status, 401) << i;
  clock_->Advance(1);  // the next minute
  ASSERT_EQ(clock_->Now() % 60, 0);
  int passed = 0;
  for (int i = 0; i < 5; ++i) {
    auto r = Post("/api/v1/auth/login", body);
    if (r.status != 429) {
      ++passed;
      continue;
    }
    // 5/min is one attempt per 12 s: the burst used up the minute that began 1 s ago, so the
    // next attempt is due 11 s from now.
    EXPECT_EQ(r.Header("Retry-After"), "11");
    EXPECT_EQ(r.Json().at("retry_after"), 11);
  }
  EXPECT_EQ(passed, 0);
  clock_->Advance(10);
  EXPECT_EQ(Post("/api/v1/auth/login", body).status, 429);
  clock_->Advance(1);
  EXPECT_EQ(Post("/api/v1/auth/login", body).status, 401) << "Retry-After was right";
  auto again = Post("/api/v1/auth/login", body);
  EXPECT_EQ(again.status, 429);
  EXPECT_EQ(again.Header("Retry-After"), "12");
}

TEST_P(AuthTest, RateLimitsAnswer429WithRetryAfter) {
  clock_->Freeze();
  Restart({{"RATE_LIMIT_ENABLED", "true"}});
  const std::string body =
      JsonString({{"email", "limited@example.com"}, {"password", "Wrong-Pass-1"}});
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Post("/api/v1/auth/login", body).status, 401) << i;
  auto limited = Post("/api/v1/auth/login", body);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Json().at("code"), "RATE_LIMITED");
  auto retry = limited.Header("Retry-After");
  ASSERT_TRUE(retry);
  int seconds = std::stoi(*retry);
  EXPECT_GE(seconds, 1);
  EXPECT_LE(seconds, 60);
  EXPECT_EQ(limited.Json().at("retry_after"), seconds);
  EXPECT_FALSE(server_->logs().Events("auth.rate_limited").empty());
  // Another email from the same IP is still allowed (30/min per IP).
  EXPECT_EQ(Post("/api/v1/auth/login",
                 JsonString({{"email", "other@example.com"}, {"password", "Wrong-Pass-1"}}))
                .status,
            401);
  // The window passes.
  clock_->Advance(61);
  EXPECT_EQ(Post("/api/v1/auth/login", body).status, 401);

  for (int i = 0; i < 3; ++i) {
    Post("/api/v1/auth/register", JsonString({{"email", "r" + std::to_string(i) + "@example.com"},
                                              {"password", kPassword}}));
  }
  EXPECT_EQ(Post("/api/v1/auth/register",
                 JsonString({{"email", "r9@example.com"}, {"password", kPassword}}))
                .status,
            429);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Post("/api/v1/auth/password/forgot", JsonString({{"email", "f@example.com"}})).status,
              202);
  }
  EXPECT_EQ(Post("/api/v1/auth/password/forgot", JsonString({{"email", "f@example.com"}})).status,
            429);
}

TEST_P(AuthTest, TrustedProxyForwardedForIsTheClientIp) {
  clock_->Freeze();
  Restart({{"RATE_LIMIT_ENABLED", "true"}, {"TRUSTED_PROXIES", "127.0.0.0/8"}});
  // Three registrations per IP per minute: each forwarded client has its own budget.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Post("/api/v1/auth/register",
                   JsonString({{"email", "p" + std::to_string(i) + "@example.com"},
                               {"password", kPassword}}),
                   {{"X-Forwarded-For", "203.0.113.9, 127.0.0.5"}})
                  .status,
              201);
  }
  EXPECT_EQ(Post("/api/v1/auth/register",
                 JsonString({{"email", "p3@example.com"}, {"password", kPassword}}),
                 {{"X-Forwarded-For", "203.0.113.9"}})
                .status,
            429);
  EXPECT_EQ(Post("/api/v1/auth/register",
                 JsonString({{"email", "p4@example.com"}, {"password", kPassword}}),
                 {{"X-Forwarded-For", "198.51.100.1"}})
                .status,
            201);
  auto logged = server_->logs().WaitForEvents("http.request", 5);
  bool saw_client = false;
  for (auto& l : logged) saw_client |= l["ip"] == "203.0.113.9";
  EXPECT_TRUE(saw_client);
}

// Two X-Forwarded-For lines are one list (RFC 9110): the client's own line comes first, the
// proxy appends its line after it. Reading only the first line would let every request pick its
// own rate-limit budget and logged address.
TEST_P(AuthTest, ForwardedForOnSeveralLinesIsOneList) {
  clock_->Freeze();
  Restart({{"RATE_LIMIT_ENABLED", "true"}, {"TRUSTED_PROXIES", "127.0.0.0/8"}});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Post("/api/v1/auth/register",
                   JsonString({{"email", "m" + std::to_string(i) + "@example.com"},
                               {"password", kPassword}}),
                   {{"X-Forwarded-For", "198.51.100." + std::to_string(i + 10)},
                    {"X-Forwarded-For", "203.0.113.9, 127.0.0.5"}})
                  .status,
              201);
  }
  // A fresh forged first line does not buy a fresh budget.
  EXPECT_EQ(Post("/api/v1/auth/register",
                 JsonString({{"email", "m3@example.com"}, {"password", kPassword}}),
                 {{"X-Forwarded-For", "198.51.100.99"}, {"X-Forwarded-For", "203.0.113.9"}})
                .status,
            429);
  auto logged = server_->logs().WaitForEvents("http.request", 4);
  int seen = 0;
  for (auto& l : logged) {
    if (l["route"] != "/api/v1/auth/register") continue;
    EXPECT_EQ(l["ip"], "203.0.113.9");
    ++seen;
  }
  EXPECT_EQ(seen, 4);
}

INSTANTIATE_TEST_SUITE_P(Engines, AuthTest, kEngines, EngineName);

// Two server instances on one PostgreSQL share the rate-limit counters.
TEST(AuthScaleOutTest, TwoInstancesShareRateLimits) {
  TestDatabase db(Engine::kPostgres);
  SmtpSink sink;
  app::Env env = SmtpEnv(sink);
  env["RATE_LIMIT_ENABLED"] = "true";
  // One stopped clock for both: the five attempts cannot straddle a window boundary.
  auto clock = std::make_shared<core::OffsetClock>();
  clock->Freeze();
  TestServer a(db, env, {}, clock);
  TestServer b(db, env, {}, clock);
  const std::string body =
      JsonString({{"email", "shared@example.com"}, {"password", "Wrong-Pass-1"}});
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ((i % 2 ? a : b).client().PostJson("/api/v1/auth/login", body).status, 401);
  }
  EXPECT_EQ(a.client().PostJson("/api/v1/auth/login", body).status, 429);
  EXPECT_EQ(b.client().PostJson("/api/v1/auth/login", body).status, 429);
}

// EMAIL_WORKER=external: the server only queues; `plangate worker` delivers.
TEST(WorkerTest, ExternalWorkerDeliversQueuedMail) {
  TestDatabase db(Engine::kPostgres);
  SmtpSink sink;
  app::Env env = SmtpEnv(sink);
  env["EMAIL_WORKER"] = "external";
  TestServer server(db, env);
  auto r = server.client().PostJson(
      "/api/v1/auth/register",
      JsonString({{"email", "queued@example.com"}, {"password", kPassword}}));
  ASSERT_EQ(r.status, 201);
  std::this_thread::sleep_for(700ms);
  EXPECT_EQ(sink.CountTo("queued@example.com"), 0u) << "serve delivered although external";

  TempDir cwd;
  app::Env worker_env = env;
  worker_env["DATABASE_URL"] = db.url();
  ServerProcess worker({PLANGATE_BINARY, "worker"}, worker_env, cwd.path());
  auto mail = sink.WaitFor("queued@example.com", "Confirm", 1, 15s);
  EXPECT_TRUE(mail.has_value()) << worker.Stdout() << worker.Stderr();
  worker.Signal(SIGTERM);
  EXPECT_EQ(worker.Wait(), 0);
  EXPECT_NE(worker.Stdout().find("\"worker.stopped\""), std::string::npos);
  EXPECT_EQ(sink.CountTo("queued@example.com"), 1u);
}

TEST(MailBackendTest, SmtpAuthOnlyWithAUsername) {
  TestDatabase db(Engine::kSqlite);
  SmtpSink sink;
  {
    TestServer anonymous(db, SmtpEnv(sink));
    anonymous.client().PostJson("/api/v1/auth/password/forgot",
                                JsonString({{"email", "x@example.com"}}));
    CreateUser(anonymous, "x@example.com");
    anonymous.client().PostJson("/api/v1/auth/password/forgot",
                                JsonString({{"email", "x@example.com"}}));
    auto mail = sink.WaitFor("x@example.com", "Reset");
    ASSERT_TRUE(mail);
    EXPECT_TRUE(mail->auth.empty()) << "AUTH without SMTP_USERNAME";
  }
  app::Env env = SmtpEnv(sink);
  env["SMTP_USERNAME"] = "mailer";
  env["SMTP_PASSWORD"] = "smtp-secret-pw";
  TestServer authed(db, env);
  authed.client().PostJson("/api/v1/auth/password/forgot",
                           JsonString({{"email", "x@example.com"}}));
  auto mail = sink.WaitFor("x@example.com", "Reset", 2);
  ASSERT_TRUE(mail);
  EXPECT_EQ(mail->auth, std::string("\0mailer\0smtp-secret-pw", 22));
  EXPECT_NE(mail->Header("Message-ID"), "");
  EXPECT_NE(mail->Header("Date"), "");
  EXPECT_NE(mail->data.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_EQ(authed.logs().All().find("smtp-secret-pw"), std::string::npos);
}

TEST(MailBackendTest, FileBackendWritesOneEmlPerMessage) {
  TestDatabase db(Engine::kSqlite);
  TempDir dir;
  TestServer server(db, {{"EMAIL_BACKEND", "file"},
                         {"EMAIL_FILE_DIR", dir.path() + "/mail"},
                         {"EMAIL_POLL_INTERVAL_MS", "50"},
                         {"FRONTEND_URL", "http://app.test"}});
  ASSERT_EQ(server.client()
                .PostJson("/api/v1/auth/register",
                          JsonString({{"email", "file@example.com"}, {"password", kPassword}}))
                .status,
            201);
  std::vector<std::filesystem::path> files;
  for (int i = 0; i < 100 && files.empty(); ++i) {
    std::this_thread::sleep_for(50ms);
    if (!std::filesystem::exists(dir.path() + "/mail")) continue;
    for (const auto& e : std::filesystem::directory_iterator(dir.path() + "/mail")) {
      if (e.path().extension() == ".eml") files.push_back(e.path());
    }
  }
  ASSERT_EQ(files.size(), 1u);
  std::ifstream in(files[0]);
  std::string eml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(eml.find("To: file@example.com"), std::string::npos);
  EXPECT_NE(eml.find("http://app.test/verify-email?token="), std::string::npos);
}

// The outbox scrub leaves no copy of a delivered token on SQLite: not in the -wal file (every
// page version the INSERT, the claim and the scrub wrote lands there), nor in freed space of the
// database file.
TEST(MailBackendTest, DeliveredResetTokenLeavesNoCopyInTheSqliteFiles) {
  TestDatabase db(Engine::kSqlite);
  TempDir dir;
  TestServer server(db, {{"EMAIL_BACKEND", "file"},
                         {"EMAIL_FILE_DIR", dir.path() + "/mail"},
                         {"EMAIL_POLL_INTERVAL_MS", "50"},
                         {"FRONTEND_URL", "http://app.test"}});
  CreateUser(server, "wal@example.com");
  ASSERT_EQ(
      server.client()
          .PostJson("/api/v1/auth/password/forgot", JsonString({{"email", "wal@example.com"}}))
          .status,
      202);
  std::string token;
  for (int i = 0; i < 100 && token.empty(); ++i) {
    std::this_thread::sleep_for(50ms);
    if (!std::filesystem::exists(dir.path() + "/mail")) continue;
    for (const auto& e : std::filesystem::directory_iterator(dir.path() + "/mail")) {
      std::ifstream in(e.path());
      std::string eml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto at = eml.find("/reset-password?token=");
      if (at == std::string::npos) continue;
      at += std::string_view("/reset-password?token=").size();
      token = eml.substr(
          at, eml.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", at) -
                  at);
    }
  }
  ASSERT_GE(token.size(), 43u) << "no reset mail delivered";
  const std::string file = db::ParseDatabaseUrl(db.url()).sqlite_path;
  auto holders = [&] {
    std::string found;
    for (const std::string& path : {file, file + "-wal", file + "-shm"}) {
      std::ifstream in(path, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (bytes.find(token) != std::string::npos) found += path + " ";
    }
    return found;
  };
  // The scrub follows the delivery within a poll or two.
  std::string found = holders();
  for (int i = 0; i < 100 && !found.empty(); ++i) {
    std::this_thread::sleep_for(50ms);
    found = holders();
  }
  EXPECT_EQ(found, "") << "the raw reset token is still readable in these files";
}

TEST(CreateSuperuserTest, CreatesAVerifiedStaffUserAndRefusesWeakPasswords) {
  TestDatabase db(Engine::kSqlite);
  TempDir cwd;
  app::Env env = {{"DATABASE_URL", db.url()}};
  std::string out, err;
  EXPECT_EQ(RunCommand({PLANGATE_BINARY, "createsuperuser", "--email", "Admin@Example.com",
                        "--password-stdin"},
                       env, cwd.path(), &out, &err, std::string("password\n")),
            1);
  EXPECT_NE(err.find("weak password"), std::string::npos) << err;
  ASSERT_EQ(RunCommand({PLANGATE_BINARY, "createsuperuser", "--email", "Admin@Example.com",
                        "--password-stdin"},
                       env, cwd.path(), &out, &err, std::string("Admin-Strong-Pass-1\n")),
            0)
      << err;
  EXPECT_EQ(err.find("Admin-Strong-Pass-1"), std::string::npos);
  TestServer server(db, {{"RATE_LIMIT_ENABLED", "false"}});
  auto session = Login(server.client(), "admin@example.com", "Admin-Strong-Pass-1");
  auto me = server.client().Get("/api/v1/auth/me", BearerHeaders(session.access));
  EXPECT_EQ(me.Json().at("is_staff"), true);
  EXPECT_EQ(me.Json().at("is_verified"), true);
}

}  // namespace
}  // namespace plangate::test

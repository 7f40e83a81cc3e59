// Two-factor sign-in (contract v1.1), end to end: real server, real SMTP conversation with a
// sink on loopback, both database engines. Codes are computed here from the secret at the
// server's own (test-controlled) clock.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <thread>

#include <soci/soci.h>

#include "auth/mfa_service.h"
#include "auth/totp.h"
#include "core/clock.h"
#include "support/auth_helpers.h"

namespace plangate::test {
namespace {

const std::string kPassword = "Correct-Horse-Battery-9";

struct Enabled {
  std::string secret;
  std::vector<std::string> recovery_codes;
};

class MfaTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    RememberSecret(kPassword);
    clock_->Freeze();  // a test's codes stay in their step until it moves the clock
    Restart({});
  }

  // The log scan: no password, token, secret or code a test used appears in any log line.
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

  // An authenticated call that also carries the session's refresh cookie (its path covers
  // /api/v1/auth/mfa), as the web app's calls do.
  HttpResponse As(const LoggedIn& who, const std::string& path, const std::string& json) {
    Headers h = BearerHeaders(who.access);
    h.emplace_back("Cookie", "refresh_token=" + who.refresh);
    return Post(path, json, h);
  }

  std::string Code(const std::string& secret, std::int64_t offset = 0) {
    return auth::totp::CodeAt(secret, clock_->Now() + offset);
  }

  // The next 30 s step: a fresh code.
  void NextStep() { clock_->Advance(30); }

  static std::string Body(std::initializer_list<std::pair<std::string, std::string>> fields) {
    return JsonString(fields);
  }

  Enabled Enable(const LoggedIn& who) {
    Enabled out;
    auto setup = As(who, "/api/v1/auth/mfa/totp/setup", Body({{"password", kPassword}}));
    EXPECT_EQ(setup.status, 200) << setup.body;
    if (setup.status != 200) return out;
    out.secret = std::string(setup.Json().at("secret").as_string());
    RememberSecret(out.secret);
    auto confirm = As(who, "/api/v1/auth/mfa/totp/confirm", Body({{"code", Code(out.secret)}}));
    EXPECT_EQ(confirm.status, 200) << confirm.body;
    if (confirm.status != 200) return out;
    const boost::json::value json = confirm.Json();
    for (const auto& c : json.at("recovery_codes").as_array()) {
      out.recovery_codes.emplace_back(c.as_string());
      RememberSecret(out.recovery_codes.back());
    }
    NextStep();
    return out;
  }

  // Login's first step for a user with two-factor sign-in on: the mfa_token.
  std::string MfaToken(const std::string& email) {
    auto r = Post("/api/v1/auth/login", Body({{"email", email}, {"password", kPassword}}));
    EXPECT_EQ(r.status, 403) << r.body;
    if (r.status != 403) return {};
    auto body = r.Json().as_object();
    EXPECT_EQ(body["code"], "MFA_REQUIRED");
    EXPECT_EQ(body["expires_in"], 300);
    EXPECT_FALSE(r.Header("Set-Cookie")) << "no cookie before the second factor";
    std::string token(body["mfa_token"].as_string());
    EXPECT_GE(token.size(), 43u);  // >= 32 random bytes
    RememberSecret(token);
    return token;
  }

  HttpResponse Verify(const std::string& token, const std::string& field, const std::string& code) {
    return Post("/api/v1/auth/mfa/verify", Body({{"mfa_token", token}, {field, code}}));
  }

  static std::string S(const boost::json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v);
  }

  static void ExpectCode(const HttpResponse& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    if (r.status >= 400) {
      EXPECT_EQ(S(r.Json().at("code")), code) << r.body;
    }
  }

  template <typename T>
  T Scalar(const std::string& sql) {
    T value{};
    server_->app().database().Run([&](soci::session& s) { s << sql, soci::into(value); });
    return value;
  }

  SmtpSink sink_;
  TestDatabase db_{GetParam()};
  std::shared_ptr<core::OffsetClock> clock_ = std::make_shared<core::OffsetClock>();
  std::unique_ptr<TestServer> server_;
};

TEST_P(MfaTest, SetupConfirmAndSignInWithACode) {
  const std::string email = "two.factor+x@example.com";
  auto user = SignUp(client(), sink_, email, kPassword);
  auto me = client().Get("/api/v1/auth/me", BearerHeaders(user.access)).Json();
  EXPECT_EQ(me.at("mfa_enabled"), false);

  ExpectCode(Post("/api/v1/auth/mfa/totp/setup", Body({{"password", kPassword}})), 401,
             "NOT_AUTHENTICATED");
  auto wrong = As(user, "/api/v1/auth/mfa/totp/setup", Body({{"password", "Wrong-Pass-123"}}));
  ExpectCode(wrong, 400, "VALIDATION_ERROR");
  EXPECT_TRUE(wrong.Json().at("errors").as_object().contains("password"));

  auto setup = As(user, "/api/v1/auth/mfa/totp/setup", Body({{"password", kPassword}}));
  ASSERT_EQ(setup.status, 200) << setup.body;
  EXPECT_EQ(setup.Header("Cache-Control"), "no-store");
  std::string secret(setup.Json().at("secret").as_string());
  RememberSecret(secret);
  EXPECT_EQ(secret.size(), 32u);
  EXPECT_EQ(secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
  EXPECT_EQ(
      S(setup.Json().at("otpauth_uri")),
      "otpauth://totp/plangate:two.factor%2Bx%40example.com?secret=" + secret + "&issuer=plangate");

  // Not on until confirmed; a wrong or malformed code does not confirm.
  EXPECT_EQ(client().Get("/api/v1/auth/me", BearerHeaders(user.access)).Json().at("mfa_enabled"),
            false);
  for (const std::string& bad :
       std::vector<std::string>{Code(secret, 90), "12345", "abcdef", "1234567", "00000000000"}) {
    if (bad == Code(secret)) continue;
    ExpectCode(As(user, "/api/v1/auth/mfa/totp/confirm", Body({{"code", bad}})), 400,
               "INVALID_MFA_CODE");
  }
  // The authenticator app shows "123 456": the space is allowed.
  std::string spaced = Code(secret).substr(0, 3) + " " + Code(secret).substr(3);
  auto confirm = As(user, "/api/v1/auth/mfa/totp/confirm", Body({{"code", spaced}}));
  ASSERT_EQ(confirm.status, 200) << confirm.body;
  EXPECT_EQ(confirm.Header("Cache-Control"), "no-store");
  auto codes = confirm.Json().at("recovery_codes").as_array();
  EXPECT_EQ(codes.size(), 10u);
  for (const auto& c : codes) RememberSecret(std::string(c.as_string()));
  EXPECT_EQ(client().Get("/api/v1/auth/me", BearerHeaders(user.access)).Json().at("mfa_enabled"),
            true);
  auto notice = sink_.WaitFor(email, "Two-factor sign-in is on");
  ASSERT_TRUE(notice) << "no notice mailed";
  EXPECT_EQ(notice->data.find(secret), std::string::npos);
  // Stored only as hashes; the secret is in no response after setup.
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM mfa_recovery_codes"), 10);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM mfa_recovery_codes WHERE code_hash = '" +
                              std::string(codes[0].as_string()) + "'"),
            0);

  ExpectCode(As(user, "/api/v1/auth/mfa/totp/setup", Body({{"password", kPassword}})), 409,
             "MFA_ALREADY_ENABLED");
  NextStep();
  ExpectCode(As(user, "/api/v1/auth/mfa/totp/confirm", Body({{"code", Code(secret)}})), 409,
             "MFA_ALREADY_ENABLED");

  // Login: the right password earns an mfa_token, not a session.
  ExpectCode(Post("/api/v1/auth/login", Body({{"email", email}, {"password", "Wrong-Pass-1"}})),
             401, "INVALID_CREDENTIALS");
  std::string token = MfaToken(email);
  EXPECT_EQ(
      Scalar<long long>("SELECT COUNT(*) FROM mfa_challenges WHERE token_hash = '" + token + "'"),
      0);
  NextStep();
  auto ok = Verify(token, "code", Code(secret));
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto body = ok.Json().as_object();
  EXPECT_EQ(body["token_type"], "Bearer");
  EXPECT_EQ(S(body["user"].at("email")), email);
  EXPECT_EQ(body["user"].at("mfa_enabled"), true);
  EXPECT_EQ(ok.Header("Cache-Control"), "no-store");
  auto refresh = RefreshCookieOf(ok);
  ASSERT_TRUE(refresh && !refresh->empty());
  RememberSecret(*refresh);
  RememberSecret(std::string(body["access"].as_string()));
  EXPECT_EQ(Post("/api/v1/auth/token/refresh", "", CookieHeaders(*refresh)).status, 200);
  EXPECT_EQ(ok.body.find(secret), std::string::npos);
  // Used: the token is spent.
  NextStep();
  ExpectCode(Verify(token, "code", Code(secret)), 400, "INVALID_TOKEN");
  EXPECT_EQ(server_->logs().WaitForEvents("auth.mfa.enabled", 1).size(), 1u);
  auto logins = server_->logs().Events("auth.login.succeeded");
  ASSERT_FALSE(logins.empty());
  EXPECT_EQ(logins.back()["second_factor"], "totp");
  EXPECT_EQ(server_->logs().All().find(secret), std::string::npos);
}

TEST_P(MfaTest, ConfirmNeedsASetupAndANewSetupReplacesAnUnconfirmedOne) {
  auto user = SignUp(client(), sink_, "pending@example.com", kPassword);
  ExpectCode(As(user, "/api/v1/auth/mfa/totp/confirm", Body({{"code", "123456"}})), 409,
             "MFA_SETUP_REQUIRED");
  auto first = As(user, "/api/v1/auth/mfa/totp/setup", Body({{"password", kPassword}}));
  auto second = As(user, "/api/v1/auth/mfa/totp/setup", Body({{"password", kPassword}}));
  std::string old_secret(first.Json().at("secret").as_string());
  std::string new_secret(second.Json().at("secret").as_string());
  RememberSecret(old_secret);
  RememberSecret(new_secret);
  ASSERT_NE(old_secret, new_secret);
  ExpectCode(As(user, "/api/v1/auth/mfa/totp/confirm", Body({{"code", Code(old_secret)}})), 400,
             "INVALID_MFA_CODE");
  EXPECT_EQ(As(user, "/api/v1/auth/mfa/totp/confirm", Body({{"code", Code(new_secret)}})).status,
            200);
  // Missing, blank, or not a string: the body's shape, not a code.
  ExpectCode(As(user, "/api/v1/auth/mfa/totp/confirm", "{}"), 400, "VALIDATION_ERROR");
  ExpectCode(As(user, "/api/v1/auth/mfa/totp/confirm", R"({"code": 123456})"), 400,
             "VALIDATION_ERROR");
}

TEST_P(MfaTest, ConfirmAndDisableRevokeTheOtherSessionsOnly) {
  const std::string email = "sessions@example.com";
  auto here = SignUp(client(), sink_, email, kPassword);
  auto elsewhere = Login(client(), email, kPassword);
  auto enabled = Enable(here);
  EXPECT_EQ(Post("/api/v1/auth/token/refresh", "", CookieHeaders(elsewhere.refresh)).status, 401);
  auto rotated = Post("/api/v1/auth/token/refresh", "", CookieHeaders(here.refresh));
  ASSERT_EQ(rotated.status, 200);
  here.refresh = *RefreshCookieOf(rotated);
  RememberSecret(here.refresh);

  // A second device signs in with a code, then this one turns two-factor sign-in off.
  std::string token = MfaToken(email);
  auto second = Verify(token, "code", Code(enabled.secret));
  ASSERT_EQ(second.status, 200);
  std::string second_refresh = *RefreshCookieOf(second);
  RememberSecret(second_refresh);
  NextStep();
  auto off = As(here, "/api/v1/auth/mfa/totp/disable",
                Body({{"password", kPassword}, {"code", Code(enabled.secret)}}));
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.Json().at("detail").is_string(), true);
  EXPECT_EQ(Post("/api/v1/auth/token/refresh", "", CookieHeaders(second_refresh)).status, 401);
  EXPECT_EQ(Post("/api/v1/auth/token/refresh", "", CookieHeaders(here.refresh)).status, 200);
  ASSERT_TRUE(sink_.WaitFor(email, "Two-factor sign-in is off"));
  // Off: the password alone signs in again.
  Login(client(), email, kPassword);
  EXPECT_EQ(server_->logs().WaitForEvents("auth.mfa.disabled", 1).size(), 1u);
}

TEST_P(MfaTest, AnAcceptedStepIsNeverAcceptedAgain) {
  const std::string email = "replay@example.com";
  auto user = SignUp(client(), sink_, email, kPassword);
  auto enabled = Enable(user);  // accepted the step before the current one
  // confirm's step, and the steps before it, are spent.
  std::string token = MfaToken(email);
  ExpectCode(Verify(token, "code", Code(enabled.secret, -30)), 400, "INVALID_MFA_CODE");
  // The current step: accepted once.
  ASSERT_EQ(Verify(token, "code", Code(enabled.secret)).status, 200);
  std::string again = MfaToken(email);
  ExpectCode(Verify(again, "code", Code(enabled.secret)), 400, "INVALID_MFA_CODE");
  // The next step (+1 is in the window) is fresh, then spent; the one before it is then old.
  ASSERT_EQ(Verify(again, "code", Code(enabled.secret, 30)).status, 200);
  NextStep();
  std::string third = MfaToken(email);
  ExpectCode(Verify(third, "code", Code(enabled.secret)), 400, "INVALID_MFA_CODE");
  // The same rule for the routes that take a code: a spent step does not regenerate codes.
  ExpectCode(As(user, "/api/v1/auth/mfa/recovery-codes",
                Body({{"password", kPassword}, {"code", Code(enabled.secret)}})),
             400, "INVALID_MFA_CODE");
  NextStep();
  EXPECT_EQ(As(user, "/api/v1/auth/mfa/recovery-codes",
               Body({{"password", kPassword}, {"code", Code(enabled.secret)}}))
                .status,
            200);
  ExpectCode(As(user, "/api/v1/auth/mfa/totp/disable",
                Body({{"password", kPassword}, {"code", Code(enabled.secret)}})),
             400, "INVALID_MFA_CODE");
  // Two steps away is outside the window.
  ExpectCode(Verify(third, "code", Code(enabled.secret, 60)), 400, "INVALID_MFA_CODE");
  ExpectCode(Verify(third, "code", Code(enabled.secret, -60)), 400, "INVALID_MFA_CODE");
}

TEST_P(MfaTest, TheFifthWrongCodeKillsTheToken) {
  const std::string email = "five@example.com";
  auto user = SignUp(client(), sink_, email, kPassword);
  auto enabled = Enable(user);
  std::string token = MfaToken(email);
  const std::vector<std::pair<std::string, std::string>> wrong = {
      {"code", "000000"},
      {"code", "not-a-code"},
      {"recovery_code", "aaaa-bbbb-cccc-dddd"},
      {"code", "1"}};
  for (const auto& [field, code] : wrong) {
    ExpectCode(Verify(token, field, code), 400, "INVALID_MFA_CODE");
  }
  ExpectCode(Verify(token, "recovery_code", "nope"), 400, "INVALID_TOKEN");
  // Dead: even the right code is refused now, and the code is not spent by it.
  ExpectCode(Verify(token, "code", Code(enabled.secret)), 400, "INVALID_TOKEN");
  EXPECT_EQ(server_->logs().WaitForEvents("auth.mfa.challenge_failed", 5).size(), 5u);
  std::string fresh = MfaToken(email);
  EXPECT_EQ(Verify(fresh, "code", Code(enabled.secret)).status, 200);
}

TEST_P(MfaTest, UnknownExpiredAndUsedTokensAreInvalid) {
  const std::string email = "expiry@example.com";
  auto user = SignUp(client(), sink_, email, kPassword);
  auto enabled = Enable(user);
  ExpectCode(Verify("no-such-token", "code", Code(enabled.secret)), 400, "INVALID_TOKEN");
  std::string token = MfaToken(email);
  clock_->Advance(301);
  ExpectCode(Verify(token, "code", Code(enabled.secret)), 400, "INVALID_TOKEN");
  std::string within = MfaToken(email);
  clock_->Advance(299);
  EXPECT_EQ(Verify(within, "code", Code(enabled.secret)).status, 200);
  NextStep();
  ExpectCode(Verify(within, "code", Code(enabled.secret)), 400, "INVALID_TOKEN");
  // Neither or both of the two fields: the body's shape.
  ExpectCode(Post("/api/v1/auth/mfa/verify", Body({{"mfa_token", within}})), 400,
             "VALIDATION_ERROR");
  ExpectCode(Post("/api/v1/auth/mfa/verify",
                  Body({{"mfa_token", within}, {"code", "123456"}, {"recovery_code", "x"}})),
             400, "VALIDATION_ERROR");
}

TEST_P(MfaTest, RecoveryCodesAreSingleUseAndRegeneratingKillsTheOldOnes) {
  const std::string email = "recovery@example.com";
  auto user = SignUp(client(), sink_, email, kPassword);
  auto enabled = Enable(user);
  ASSERT_EQ(enabled.recovery_codes.size(), 10u);
  // Typed back in upper case without dashes.
  std::string typed;
  for (char c : enabled.recovery_codes[0]) {
    if (c != '-') typed += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  std::string token = MfaToken(email);
  auto ok = Verify(token, "recovery_code", typed);
  ASSERT_EQ(ok.status, 200) << ok.body;
  RememberSecret(*RefreshCookieOf(ok));
  EXPECT_EQ(server_->logs().WaitForEvents("auth.mfa.recovery_code_used", 1).size(), 1u);
  // Gone.
  ExpectCode(Verify(MfaToken(email), "recovery_code", enabled.recovery_codes[0]), 400,
             "INVALID_MFA_CODE");
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM mfa_recovery_codes"), 9);

  ExpectCode(As(user, "/api/v1/auth/mfa/recovery-codes",
                Body({{"password", "Wrong-Pass-123"}, {"code", Code(enabled.secret)}})),
             400, "VALIDATION_ERROR");
  ExpectCode(As(user, "/api/v1/auth/mfa/recovery-codes",
                Body({{"password", kPassword}, {"code", "000000"}})),
             400, "INVALID_MFA_CODE");
  auto fresh = As(user, "/api/v1/auth/mfa/recovery-codes",
                  Body({{"password", kPassword}, {"code", Code(enabled.secret)}}));
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  auto codes = fresh.Json().at("recovery_codes").as_array();
  ASSERT_EQ(codes.size(), 10u);
  for (const auto& c : codes) RememberSecret(std::string(c.as_string()));
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM mfa_recovery_codes"), 10);
  ExpectCode(Verify(MfaToken(email), "recovery_code", enabled.recovery_codes[1]), 400,
             "INVALID_MFA_CODE");
  EXPECT_EQ(Verify(MfaToken(email), "recovery_code", std::string(codes[0].as_string())).status,
            200);
}

TEST_P(MfaTest, DisableChecksPasswordAndCodeAndThenTheLoginIsPlain) {
  const std::string email = "disable@example.com";
  auto user = SignUp(client(), sink_, email, kPassword);
  ExpectCode(As(user, "/api/v1/auth/mfa/totp/disable",
                Body({{"password", kPassword}, {"code", "123456"}})),
             409, "MFA_SETUP_REQUIRED");
  ExpectCode(As(user, "/api/v1/auth/mfa/recovery-codes",
                Body({{"password", kPassword}, {"code", "123456"}})),
             409, "MFA_SETUP_REQUIRED");
  auto enabled = Enable(user);
  std::string outstanding = MfaToken(email);
  auto wrong_password = As(user, "/api/v1/auth/mfa/totp/disable",
                           Body({{"password", "Wrong-Pass-123"}, {"code", Code(enabled.secret)}}));
  ExpectCode(wrong_password, 400, "VALIDATION_ERROR");
  EXPECT_TRUE(wrong_password.Json().at("errors").as_object().contains("password"));
  ExpectCode(As(user, "/api/v1/auth/mfa/totp/disable",
                Body({{"password", kPassword}, {"recovery_code", "zzzz-zzzz-zzzz-zzzz"}})),
             400, "INVALID_MFA_CODE");
  ExpectCode(As(user, "/api/v1/auth/mfa/totp/disable", Body({{"password", kPassword}})), 400,
             "VALIDATION_ERROR");
  auto off = As(user, "/api/v1/auth/mfa/totp/disable",
                Body({{"password", kPassword}, {"recovery_code", enabled.recovery_codes[3]}}));
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(client().Get("/api/v1/auth/me", BearerHeaders(user.access)).Json().at("mfa_enabled"),
            false);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM mfa_recovery_codes"), 0);
  // The token a password earned before dies with it.
  ExpectCode(Verify(outstanding, "code", Code(enabled.secret)), 400, "INVALID_TOKEN");
  Login(client(), email, kPassword);
  ExpectCode(As(user, "/api/v1/auth/mfa/totp/disable",
                Body({{"password", kPassword}, {"code", Code(enabled.secret)}})),
             409, "MFA_SETUP_REQUIRED");
  // On again with a new secret: the old one's codes are worthless.
  auto again = Enable(user);
  ASSERT_NE(again.secret, enabled.secret);
  std::string token = MfaToken(email);
  if (Code(enabled.secret) != Code(again.secret)) {
    ExpectCode(Verify(token, "code", Code(enabled.secret)), 400, "INVALID_MFA_CODE");
  }
  EXPECT_EQ(Verify(token, "code", Code(again.secret)).status, 200);
}

TEST_P(MfaTest, LoginChecksPasswordAndAccountStateBeforeAskingForACode) {
  const std::string email = "order@example.com";
  auto user = SignUp(client(), sink_, email, kPassword);
  Enable(user);
  ExpectCode(Post("/api/v1/auth/login", Body({{"email", email}, {"password", "Wrong-Pass-1"}})),
             401, "INVALID_CREDENTIALS");
  ExecSql(*server_, "UPDATE users SET is_verified = 0");
  ExpectCode(Post("/api/v1/auth/login", Body({{"email", email}, {"password", kPassword}})), 403,
             "EMAIL_NOT_VERIFIED");
  ExecSql(*server_, "UPDATE users SET is_verified = 1, is_disabled_by_admin = 1");
  ExpectCode(Post("/api/v1/auth/login", Body({{"email", email}, {"password", kPassword}})), 403,
             "ACCOUNT_DISABLED");
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM mfa_challenges"), 0);
}

TEST_P(MfaTest, AUserDisabledBetweenTheStepsIsRefusedAndSpendsNoCode) {
  const std::string email = "between@example.com";
  auto user = SignUp(client(), sink_, email, kPassword);
  auto enabled = Enable(user);
  std::string token = MfaToken(email);
  ExecSql(*server_, "UPDATE users SET is_disabled_by_admin = 1");
  ExpectCode(Verify(token, "code", Code(enabled.secret)), 403, "ACCOUNT_DISABLED");
  ExecSql(*server_, "UPDATE users SET is_disabled_by_admin = 0");
  EXPECT_EQ(Verify(token, "code", Code(enabled.secret)).status, 200);
}

TEST_P(MfaTest, ConcurrentVerifiesOfOneTokenLetExactlyOneIn) {
  const std::string email = "race@example.com";
  auto user = SignUp(client(), sink_, email, kPassword);
  auto enabled = Enable(user);
  for (int round = 0; round < 3; ++round) {
    std::string token = MfaToken(email);
    const std::string code = Code(enabled.secret);
    constexpr int kThreads = 6;
    std::atomic<int> ok{0}, invalid_token{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&] {
        auto r = client().PostJson("/api/v1/auth/mfa/verify",
                                   Body({{"mfa_token", token}, {"code", code}}));
        if (r.status == 200) {
          ++ok;
          RememberSecret(RefreshCookieOf(r).value_or(""));
        } else if (r.status == 400 && r.Json().at("code") == "INVALID_TOKEN") {
          ++invalid_token;
        } else {
          ++other;
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 1) << "round " << round;
    EXPECT_EQ(invalid_token.load(), kThreads - 1) << "round " << round;
    EXPECT_EQ(other.load(), 0) << "round " << round;
    NextStep();
  }
}

TEST_P(MfaTest, VerifyIsRateLimitedPerIp) {
  Restart({{"RATE_LIMIT_ENABLED", "true"}, {"TRUSTED_PROXIES", "127.0.0.0/8"}});
  auto attempt = [&](const std::string& ip) {
    return Post("/api/v1/auth/mfa/verify", Body({{"mfa_token", "unknown"}, {"code", "123456"}}),
                {{"X-Forwarded-For", ip}});
  };
  for (int i = 0; i < 10; ++i) ExpectCode(attempt("203.0.113.9"), 400, "INVALID_TOKEN");
  auto limited = attempt("203.0.113.9");
  ExpectCode(limited, 429, "RATE_LIMITED");
  EXPECT_TRUE(limited.Header("Retry-After"));
  ExpectCode(attempt("203.0.113.10"), 400, "INVALID_TOKEN");
  // RATE_LIMIT_ENABLED=false turns it off.
  Restart({{"RATE_LIMIT_ENABLED", "false"}, {"TRUSTED_PROXIES", "127.0.0.0/8"}});
  for (int i = 0; i < 12; ++i) ExpectCode(attempt("203.0.113.9"), 400, "INVALID_TOKEN");
}

TEST_P(MfaTest, PasswordAndCodeRoutesAreRateLimitedPerUser) {
  auto user = SignUp(client(), sink_, "limited@example.com", kPassword);
  Restart({{"RATE_LIMIT_ENABLED", "true"}, {"RATE_LIMIT_MFA_USER", "3/min"}});
  for (int i = 0; i < 3; ++i) {
    ExpectCode(As(user, "/api/v1/auth/mfa/totp/setup", Body({{"password", "Wrong-Pass-1"}})), 400,
               "VALIDATION_ERROR");
  }
  ExpectCode(As(user, "/api/v1/auth/mfa/totp/setup", Body({{"password", kPassword}})), 429,
             "RATE_LIMITED");
  ExpectCode(As(user, "/api/v1/auth/mfa/totp/confirm", Body({{"code", "123456"}})), 429,
             "RATE_LIMITED");
}

TEST_P(MfaTest, AdminTurnsItOffForALostDevice) {
  const std::string email = "lost-device@example.com";
  auto user = SignUp(client(), sink_, email, kPassword);
  auto enabled = Enable(user);
  server_->app().auth().CreateSuperuser("admin@example.com", "Admin-Strong-Pass-1");
  RememberSecret("Admin-Strong-Pass-1");
  auto admin = Login(client(), "admin@example.com", "Admin-Strong-Pass-1");
  auto patch = [&](const std::string& body) {
    Headers h = BearerHeaders(admin.access);
    h.emplace_back("Content-Type", "application/json");
    return client().Send("PATCH", "/api/v1/admin/users/" + std::to_string(user.user_id), body, h);
  };
  auto detail =
      client()
          .Get("/api/v1/admin/users/" + std::to_string(user.user_id), BearerHeaders(admin.access))
          .Json();
  EXPECT_EQ(detail.at("mfa_enabled"), true);
  auto list = client().Get("/api/v1/admin/users?search=lost-device", BearerHeaders(admin.access));
  EXPECT_EQ(list.Json().at("results").at(0).at("mfa_enabled"), true);
  auto refused = patch(R"({"mfa_enabled": true})");
  ExpectCode(refused, 400, "VALIDATION_ERROR");
  EXPECT_TRUE(refused.Json().at("errors").as_object().contains("mfa_enabled"));
  ExpectCode(patch(R"({"mfa_enabled": "no"})"), 400, "VALIDATION_ERROR");
  auto off = patch(R"({"mfa_enabled": false})");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.Json().at("mfa_enabled"), false);
  auto events = server_->logs().WaitForEvents("admin.user.updated", 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["changes"].at("mfa_enabled").at("new"), false);
  ASSERT_TRUE(sink_.WaitFor(email, "Two-factor sign-in is off"));
  Login(client(), email, kPassword);
  // Already off: nothing changes, nothing more is logged.
  EXPECT_EQ(patch(R"({"mfa_enabled": false})").status, 200);
  EXPECT_EQ(server_->logs().Events("admin.user.updated").size(), 1u);
  (void)enabled;
}

TEST_P(MfaTest, TheSecondFactorCheckOthersReuseSpendsCodesOnlyWithTheirTransaction) {
  // auth::MfaService::CheckSecondFactor, as DELETE /auth/me uses it: inside the caller's
  // transaction; a rolled-back transaction spends nothing.
  const std::string email = "reuse@example.com";
  auto user = SignUp(client(), sink_, email, kPassword);
  auto enabled = Enable(user);
  auto& db = server_->app().database();
  auto& mfa = server_->app().mfa();
  const std::int64_t now = clock_->Now();
  auth::SecondFactor recovery{std::nullopt, enabled.recovery_codes[0]};
  try {
    db.Transaction([&](soci::session& s) {
      EXPECT_EQ(mfa.CheckSecondFactor(s, user.user_id, recovery, now),
                auth::SecondFactorCheck::kRecoveryCode);
      throw std::runtime_error("the caller's change failed");
    });
  } catch (const std::exception&) {
  }
  auth::SecondFactor totp{Code(enabled.secret), std::nullopt};
  db.Transaction([&](soci::session& s) {
    EXPECT_EQ(mfa.CheckSecondFactor(s, user.user_id, recovery, now),
              auth::SecondFactorCheck::kRecoveryCode);
    EXPECT_EQ(mfa.CheckSecondFactor(s, user.user_id, recovery, now),
              auth::SecondFactorCheck::kRejected);
    EXPECT_EQ(mfa.CheckSecondFactor(s, user.user_id, totp, now), auth::SecondFactorCheck::kTotp);
    EXPECT_EQ(mfa.CheckSecondFactor(s, user.user_id, totp, now),
              auth::SecondFactorCheck::kRejected);
    EXPECT_EQ(mfa.CheckSecondFactor(s, user.user_id, auth::SecondFactor{}, now),
              auth::SecondFactorCheck::kRejected);
  });
  auto other = SignUp(client(), sink_, "plain@example.com", kPassword);
  db.Transaction([&](soci::session& s) {
    EXPECT_EQ(mfa.CheckSecondFactor(s, other.user_id, totp, now),
              auth::SecondFactorCheck::kNotEnabled);
  });
}

INSTANTIATE_TEST_SUITE_P(Engines, MfaTest, kEngines, EngineName);

}  // namespace
}  // namespace plangate::test

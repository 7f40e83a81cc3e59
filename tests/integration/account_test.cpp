// Contract v1.1 "Sessions (devices)", "Email change" and "Your data" (GET me/export), end to end:
// the real server, mail through an SMTP sink on loopback, Stripe faked on loopback, both engines.

#include <gtest/gtest.h>

#include <soci/soci.h>

#include <atomic>
#include <thread>

#include "core/clock.h"
#include "support/auth_helpers.h"
#include "support/fake_stripe.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

const std::string kPassword = "Correct-Horse-Battery-9";

class AccountTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    RememberSecret(kPassword);
    Restart({});
  }

  void TearDown() override {
    if (server_) ExpectNoSecretsIn(server_->logs().All());
  }

  void Restart(const app::Env& extra) {
    server_.reset();
    app::Env env = SmtpEnv(sink_);
    env["STRIPE_SECRET_KEY"] = FakeStripe::kSecretKey;
    env["STRIPE_API_BASE"] = stripe_.base_url();
    env["STRIPE_TIMEOUT_MS"] = "1500";
    env["TRUSTED_PROXIES"] = "127.0.0.0/8";
    for (const auto& [k, v] : extra) env[k] = v;
    server_ = std::make_unique<TestServer>(db_, env, std::vector<http::Route>{}, clock_);
  }

  HttpClient client() { return server_->client(); }

  HttpResponse Post(const std::string& path, const std::string& json, Headers headers = {}) {
    return client().PostJson(path, json, std::move(headers));
  }

  // A sign-in from a given address and browser.
  LoggedIn SignIn(const std::string& email, const std::string& ip, const std::string& agent) {
    auto r = Post("/api/v1/auth/login", JsonString({{"email", email}, {"password", kPassword}}),
                  {{"X-Forwarded-For", ip}, {"User-Agent", agent}});
    EXPECT_EQ(r.status, 200) << r.body;
    LoggedIn out;
    if (r.status != 200) return out;
    out.access = std::string(r.Json().at("access").as_string());
    out.user_id = r.Json().at("user").at("id").as_int64();
    out.refresh = RefreshCookieOf(r).value_or("");
    RememberSecret(out.access);
    RememberSecret(out.refresh);
    return out;
  }

  // Bearer and, when given, the refresh cookie (its Path, /api/v1/auth, covers these routes).
  static Headers With(const LoggedIn& who, bool cookie = true) {
    Headers h = BearerHeaders(who.access);
    if (cookie) h.emplace_back("Cookie", "refresh_token=" + who.refresh);
    return h;
  }

  HttpResponse Sessions(const LoggedIn& who, bool cookie = true) {
    return client().Get("/api/v1/auth/sessions", With(who, cookie));
  }

  HttpResponse Refresh(const std::string& refresh) {
    return Post("/api/v1/auth/token/refresh", "", CookieHeaders(refresh));
  }

  HttpResponse RequestChange(const LoggedIn& who, const std::string& new_email,
                             const std::string& password = kPassword) {
    return Post("/api/v1/auth/email/change",
                JsonString({{"new_email", new_email}, {"password", password}}), With(who));
  }

  HttpResponse Confirm(const std::string& token, Headers headers = {}) {
    return Post("/api/v1/auth/email/change/confirm", JsonString({{"token", token}}),
                std::move(headers));
  }

  // Requests a change and returns the token of the link mailed to the new address.
  std::string ChangeToken(const LoggedIn& who, const std::string& new_email,
                          std::size_t nth_mail = 1) {
    auto r = RequestChange(who, new_email);
    EXPECT_EQ(r.status, 202) << r.body;
    auto mail = sink_.WaitFor(new_email, "Confirm your new email", nth_mail);
    EXPECT_TRUE(mail.has_value()) << "no confirmation mail to " << new_email;
    if (!mail) return "";
    std::string token = TokenFromMail(*mail, "http://app.test/confirm-email-change");
    RememberSecret(token);
    return token;
  }

  template <typename T>
  T Scalar(const std::string& sql) {
    T value{};
    server_->app().database().Run([&](soci::session& s) { s << sql, soci::into(value); });
    return value;
  }

  std::string Uid(const LoggedIn& who) { return std::to_string(who.user_id); }

  SmtpSink sink_;
  FakeStripe stripe_;
  TestDatabase db_{GetParam()};
  std::shared_ptr<core::OffsetClock> clock_ = std::make_shared<core::OffsetClock>();
  std::unique_ptr<TestServer> server_;
};

// ---- Sessions (devices) ----------------------------------------------------------------------

TEST_P(AccountTest, SessionsListLiveFamiliesWithWhereAndWhen) {
  clock_->Freeze();
  CreateUser(*server_, "devices@example.com", kPassword);
  auto laptop = SignIn("devices@example.com", "203.0.113.10", "Laptop Browser/1.0");
  clock_->Advance(10);
  auto phone = SignIn("devices@example.com", "198.51.100.20", "Phone Browser/2.0");
  const std::int64_t phone_signed_in = clock_->Now();

  auto r = Sessions(phone);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("Cache-Control").value_or(""), "no-store");
  auto results = r.Json().at("results").as_array();
  // Three families: CreateUser's own sign-in, the laptop, the phone; newest first.
  ASSERT_EQ(results.size(), 3u) << r.body;
  auto first = results[0].as_object(), second = results[1].as_object();
  EXPECT_EQ(first["ip"], "198.51.100.20");
  EXPECT_EQ(first["user_agent"], "Phone Browser/2.0");
  EXPECT_EQ(first["current"], true);
  EXPECT_EQ(first["created_at"].as_string(), core::FormatTimestamp(phone_signed_in));
  EXPECT_EQ(first["last_used_at"].as_string(), core::FormatTimestamp(phone_signed_in));
  EXPECT_EQ(second["ip"], "203.0.113.10");
  EXPECT_EQ(second["user_agent"], "Laptop Browser/1.0");
  EXPECT_EQ(second["current"], false);
  EXPECT_EQ(results[2].at("current"), false);
  EXPECT_EQ(first.size(), 6u) << "exactly the contract's fields";

  // The laptop's cookie marks the laptop; a refresh moves its last_used_at, not its id, and the
  // refreshed cookie still marks the same session.
  const std::int64_t laptop_id = second["id"].as_int64();
  clock_->Advance(100);
  auto rotated = Refresh(laptop.refresh);
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  laptop.refresh = *RefreshCookieOf(rotated);
  RememberSecret(laptop.refresh);
  auto after = Sessions(laptop).Json().at("results").as_array();
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[1].at("id").as_int64(), laptop_id);
  EXPECT_EQ(after[1].at("current"), true);
  EXPECT_EQ(after[0].at("current"), false);
  EXPECT_EQ(after[1].at("last_used_at").as_string(), core::FormatTimestamp(clock_->Now()));
  EXPECT_EQ(after[1].at("created_at"), second["created_at"]);
  // A refresh writes one row, as before: no per-family bookkeeping beside it.
  EXPECT_EQ(
      Scalar<long long>("SELECT COUNT(*) FROM refresh_sessions WHERE user_id = " + Uid(phone)), 4);

  // Without a cookie none is current; a signed-out family is gone from the list.
  auto no_cookie = Sessions(phone, false).Json().at("results").as_array();
  for (const auto& s : no_cookie) EXPECT_EQ(s.at("current"), false);
  ASSERT_EQ(Post("/api/v1/auth/logout", "", CookieHeaders(phone.refresh)).status, 204);
  auto remaining = Sessions(laptop).Json().at("results").as_array();
  ASSERT_EQ(remaining.size(), 2u);
  EXPECT_EQ(remaining[0].at("id").as_int64(), laptop_id);
  // An expired family is not live either.
  clock_->Advance(8 * 24 * 3600);
  auto fresh = SignIn("devices@example.com", "203.0.113.99", "Later/1");
  auto later = Sessions(fresh).Json().at("results").as_array();
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].at("current"), true);
  EXPECT_EQ(client().Get("/api/v1/auth/sessions").status, 401);
}

TEST_P(AccountTest, SessionUserAgentIsCutTo256CodePoints) {
  CreateUser(*server_, "agent@example.com", kPassword);
  std::string agent;
  for (int i = 0; i < 300; ++i) agent += "\xC3\xA9";  // é, two bytes each
  auto who = SignIn("agent@example.com", "203.0.113.1", agent);
  auto r = Sessions(who);
  ASSERT_EQ(r.status, 200) << r.body;
  std::string stored(r.Json().at("results").at(0).at("user_agent").as_string());
  std::string expected;
  for (int i = 0; i < 256; ++i) expected += "\xC3\xA9";
  EXPECT_EQ(stored, expected);
  // Bytes that are not UTF-8 cannot break the JSON: they come back as U+FFFD.
  auto odd = SignIn("agent@example.com", "203.0.113.2", "Odd\xFF\xFE/1");
  auto list = Sessions(odd);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json().at("results").at(0).at("user_agent"), "Odd\xEF\xBF\xBD\xEF\xBF\xBD/1");
}

TEST_P(AccountTest, RevokingASessionEndsItsFamilyAtOnce) {
  CreateUser(*server_, "revoke@example.com", kPassword);
  auto here = SignIn("revoke@example.com", "203.0.113.1", "Here/1");
  auto there = SignIn("revoke@example.com", "203.0.113.2", "There/1");
  // Rotate "there" once: revoking must reach the newest token of the family.
  auto rotated = Refresh(there.refresh);
  ASSERT_EQ(rotated.status, 200);
  there.refresh = *RefreshCookieOf(rotated);
  RememberSecret(there.refresh);
  auto list = Sessions(here).Json().at("results").as_array();
  std::int64_t there_id = 0;
  for (const auto& s : list) {
    if (s.at("user_agent") == "There/1") there_id = s.at("id").as_int64();
  }
  ASSERT_NE(there_id, 0);
  const std::string path = "/api/v1/auth/sessions/" + std::to_string(there_id);

  // Another user cannot see it: 404, and nothing happens to it.
  auto stranger = CreateUser(*server_, "stranger@example.com", kPassword);
  auto foreign = client().Send("DELETE", path, {}, BearerHeaders(stranger.access));
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(foreign.Json().at("code"), "NOT_FOUND");
  EXPECT_EQ(client().Send("DELETE", path).status, 401);

  auto gone = client().Send("DELETE", path, {}, With(here));
  EXPECT_EQ(gone.status, 204) << gone.body;
  auto refused = Refresh(there.refresh);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.Json().at("code"), "REFRESH_TOKEN_INVALID");
  // Its access token lives out its TTL; this session is untouched.
  EXPECT_EQ(client().Get("/api/v1/auth/me", BearerHeaders(there.access)).status, 200);
  EXPECT_EQ(Refresh(here.refresh).status, 200);
  auto left = Sessions(here, false).Json();
  for (const auto& s : left.at("results").as_array()) {
    EXPECT_NE(s.at("id").as_int64(), there_id);
  }
  // Gone once is gone: 404 again, and for ids that never were.
  EXPECT_EQ(client().Send("DELETE", path, {}, With(here)).status, 404);
  EXPECT_EQ(client().Send("DELETE", "/api/v1/auth/sessions/987654321", {}, With(here)).status, 404);
  EXPECT_EQ(client().Send("DELETE", "/api/v1/auth/sessions/abc", {}, With(here)).status, 404);
  auto logged = server_->logs().WaitForEvents("auth.session.revoked", 1);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0]["session_id"], there_id);
}

// ---- Email change ----------------------------------------------------------------------------

TEST_P(AccountTest, EmailChangeJourney) {
  auto here = CreateUser(*server_, "old@example.com", kPassword);
  auto elsewhere = SignIn("old@example.com", "203.0.113.5", "Elsewhere/1");
  // A reset link out before the change must die with it.
  ASSERT_EQ(Post("/api/v1/auth/password/forgot", JsonString({{"email", "old@example.com"}})).status,
            202);
  auto reset_mail = sink_.WaitFor("old@example.com", "Reset your password");
  ASSERT_TRUE(reset_mail);
  std::string reset_token = TokenFromMail(*reset_mail, "/reset-password");
  RememberSecret(reset_token);

  auto r = RequestChange(here, "  New@Example.COM ");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_TRUE(r.Json().at("detail").is_string());
  auto link = sink_.WaitFor("new@example.com", "Confirm your new email");
  ASSERT_TRUE(link);
  std::string token = TokenFromMail(*link, "http://app.test/confirm-email-change");
  RememberSecret(token);
  EXPECT_GE(token.size(), 43u);  // 32 random bytes, base64url
  EXPECT_NE(link->data.find("24 hours"), std::string::npos);
  auto notice = sink_.WaitFor("old@example.com", "change of your email address");
  ASSERT_TRUE(notice);
  EXPECT_NE(notice->data.find("new@example.com"), std::string::npos);
  EXPECT_EQ(notice->data.find(token), std::string::npos);
  // Nothing changes before the link is opened.
  EXPECT_EQ(client().Get("/api/v1/auth/me", BearerHeaders(here.access)).Json().at("email"),
            "old@example.com");

  // Opened in the browser that holds "here"'s cookie, with no access token.
  auto done = Confirm(token, {{"Cookie", "refresh_token=" + here.refresh}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json().at("email"), "new@example.com");
  EXPECT_EQ(done.Json().at("is_verified"), true);
  EXPECT_EQ(done.Json().at("id").as_int64(), here.user_id);
  EXPECT_EQ(Refresh(elsewhere.refresh).status, 401) << "other sessions are revoked";
  EXPECT_EQ(Refresh(here.refresh).status, 200) << "the cookie's own session stays";
  auto reset = Post("/api/v1/auth/password/reset",
                    JsonString({{"token", reset_token}, {"new_password", "Taken-Back-Pass-77"}}));
  EXPECT_EQ(reset.Json().at("code"), "INVALID_TOKEN");
  auto again = Confirm(token);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.Json().at("code"), "INVALID_TOKEN");
  EXPECT_EQ(Post("/api/v1/auth/login",
                 JsonString({{"email", "old@example.com"}, {"password", kPassword}}))
                .status,
            401);
  SignIn("new@example.com", "203.0.113.6", "After/1");
  auto logged = server_->logs().WaitForEvents("auth.email.changed", 1);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0]["user_id"], here.user_id);

  // Only the hash is stored, and no delivered mail keeps the token.
  EXPECT_EQ(
      Scalar<long long>("SELECT COUNT(*) FROM email_changes WHERE token_hash = '" + token + "'"),
      0);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM email_outbox WHERE body_text LIKE '%" + token +
                              "%' OR body_html LIKE '%" + token + "%'"),
            0);
  // No Stripe customer: no Stripe call.
  EXPECT_EQ(stripe_.Count("POST", "/v1/customers"), 0u);
}

TEST_P(AccountTest, EmailChangeValidation) {
  auto who = CreateUser(*server_, "valid@example.com", kPassword);
  auto wrong = RequestChange(who, "fresh@example.com", "not-the-password");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.Json().at("code"), "VALIDATION_ERROR");
  EXPECT_TRUE(wrong.Json().at("errors").as_object().contains("password"));
  EXPECT_FALSE(wrong.Json().at("errors").as_object().contains("new_email"));
  auto same = RequestChange(who, " VALID@example.com ");
  EXPECT_EQ(same.status, 400);
  EXPECT_TRUE(same.Json().at("errors").as_object().contains("new_email"));
  auto malformed = RequestChange(who, "not-an-address");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_TRUE(malformed.Json().at("errors").as_object().contains("new_email"));
  auto missing = Post("/api/v1/auth/email/change", "{}", With(who));
  EXPECT_EQ(missing.status, 400);
  EXPECT_TRUE(missing.Json().at("errors").as_object().contains("new_email"));
  EXPECT_TRUE(missing.Json().at("errors").as_object().contains("password"));
  EXPECT_EQ(Post("/api/v1/auth/email/change",
                 JsonString({{"new_email", "x@example.com"}, {"password", kPassword}}))
                .status,
            401);
  auto blank = Confirm("");
  EXPECT_EQ(blank.status, 400);
  EXPECT_EQ(blank.Json().at("code"), "VALIDATION_ERROR");
  auto unknown = Confirm("no-such-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.Json().at("code"), "INVALID_TOKEN");
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM email_changes"), 0);
}

// The same 202 whether or not the address has an account; its owner is told, nothing is made.
TEST_P(AccountTest, EmailChangeToATakenAddressRevealsNothing) {
  auto who = CreateUser(*server_, "mover@example.com", kPassword);
  CreateUser(*server_, "taken@example.com", kPassword);
  auto free_answer = RequestChange(who, "free@example.com");
  auto taken_answer = RequestChange(who, "taken@example.com");
  ASSERT_EQ(free_answer.status, 202);
  ASSERT_EQ(taken_answer.status, 202);
  EXPECT_EQ(taken_answer.body, free_answer.body);
  auto warned = sink_.WaitFor("taken@example.com", "Someone tried to use your email address");
  ASSERT_TRUE(warned);
  EXPECT_EQ(warned->data.find("confirm-email-change"), std::string::npos);
  EXPECT_TRUE(sink_.WaitFor("mover@example.com", "change of your email address", 2));
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM email_changes WHERE new_email = "
                              "'taken@example.com'"),
            0);
}

TEST_P(AccountTest, ConfirmWithoutACookieRevokesEverySession) {
  auto one = CreateUser(*server_, "nocookie@example.com", kPassword);
  auto two = SignIn("nocookie@example.com", "203.0.113.1", "Two/1");
  std::string token = ChangeToken(one, "moved@example.com");
  auto done = Confirm(token);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Refresh(one.refresh).status, 401);
  EXPECT_EQ(Refresh(two.refresh).status, 401);
  // Another user's cookie keeps nothing of theirs and saves nothing of this user's.
  auto other = CreateUser(*server_, "bystander@example.com", kPassword);
  auto three = SignIn("moved@example.com", "203.0.113.3", "Three/1");
  std::string token2 = ChangeToken(three, "moved-again@example.com");
  ASSERT_EQ(Confirm(token2, {{"Cookie", "refresh_token=" + other.refresh}}).status, 200);
  EXPECT_EQ(Refresh(three.refresh).status, 401);
  EXPECT_EQ(Refresh(other.refresh).status, 200);
}

TEST_P(AccountTest, ConfirmAfterTheAddressWasTakenIsEmailTaken) {
  auto who = CreateUser(*server_, "slow@example.com", kPassword);
  std::string token = ChangeToken(who, "contested@example.com");
  // Someone registers the address before the link is opened.
  ASSERT_EQ(Post("/api/v1/auth/register",
                 JsonString({{"email", "contested@example.com"}, {"password", kPassword}}))
                .status,
            201);
  auto r = Confirm(token);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.Json().at("code"), "EMAIL_TAKEN");
  EXPECT_EQ(client().Get("/api/v1/auth/me", BearerHeaders(who.access)).Json().at("email"),
            "slow@example.com");
  EXPECT_EQ(Refresh(who.refresh).status, 200) << "nothing was revoked";
}

TEST_P(AccountTest, EmailChangeLinksExpireAndAreReplaced) {
  clock_->Freeze();
  auto who = CreateUser(*server_, "expiry@example.com", kPassword);
  std::string first = ChangeToken(who, "first@example.com");
  // A newer request ends the older link.
  std::string second = ChangeToken(who, "second@example.com");
  EXPECT_EQ(Confirm(first).Json().at("code"), "INVALID_TOKEN");
  // 24 hours later the link is dead.
  clock_->Advance(24 * 3600);
  auto late = Confirm(second);
  EXPECT_EQ(late.status, 400);
  EXPECT_EQ(late.Json().at("code"), "INVALID_TOKEN");
  // Changing the password ends a pending link (the notice says so).
  who = SignIn("expiry@example.com", "203.0.113.1", "Later/1");  // the access token expired too
  std::string third = ChangeToken(who, "third@example.com");
  ASSERT_EQ(Post("/api/v1/auth/password/change",
                 JsonString({{"current_password", kPassword}, {"new_password", "Changed-Pass-55"}}),
                 With(who))
                .status,
            200);
  EXPECT_EQ(Confirm(third).Json().at("code"), "INVALID_TOKEN");
  EXPECT_EQ(client().Get("/api/v1/auth/me", BearerHeaders(who.access)).Json().at("email"),
            "expiry@example.com");
}

// Two confirms of one token at once: exactly one changes the address.
TEST_P(AccountTest, ConcurrentConfirmsOfOneTokenSucceedOnce) {
  auto who = CreateUser(*server_, "race@example.com", kPassword);
  for (int round = 0; round < 4; ++round) {
    const std::string target = "race" + std::to_string(round) + "@example.com";
    std::string token = ChangeToken(who, target);
    ASSERT_FALSE(token.empty());
    std::atomic<int> ok{0}, invalid{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
      threads.emplace_back([&] {
        auto r = Confirm(token);
        if (r.status == 200) {
          ++ok;
        } else if (r.status == 400 && r.Json().at("code") == "INVALID_TOKEN") {
          ++invalid;
        } else {
          ++other;
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 1) << "round " << round;
    EXPECT_EQ(invalid.load(), 1) << "round " << round;
    EXPECT_EQ(other.load(), 0) << "round " << round;
    // Each success revoked every session: sign in again under the new address.
    who = SignIn(target, "203.0.113.1", "Race/1");
  }
  EXPECT_EQ(server_->logs().WaitForEvents("auth.email.changed", 4).size(), 4u);
}

TEST_P(AccountTest, StripeCustomerEmailFollowsTheChange) {
  auto who = CreateUser(*server_, "payer@example.com", kPassword);
  ExecSql(*server_, "UPDATE users SET stripe_customer_id = 'cus_follow' WHERE id = " + Uid(who));
  std::string token = ChangeToken(who, "payer-new@example.com");
  ASSERT_EQ(Confirm(token).status, 200);
  // Within 10 s while Stripe answers.
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (stripe_.Count("POST", "/v1/customers/cus_follow") == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(stripe_.Count("POST", "/v1/customers/cus_follow"), 1u);
  for (const auto& r : stripe_.Requests()) {
    if (r.path != "/v1/customers/cus_follow") continue;
    EXPECT_EQ(r.Form("email"), "payer-new@example.com");
    EXPECT_EQ(r.headers.at("authorization"), std::string("Bearer ") + FakeStripe::kSecretKey);
    EXPECT_FALSE(r.headers.at("idempotency-key").empty());
  }
  // The row is marked done after Stripe answers, before the event: wait for the event first.
  EXPECT_EQ(server_->logs().WaitForEvents("billing.customer_email.synced", 1).size(), 1u);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM stripe_customer_updates WHERE done_at IS NULL"),
            0);
}

// Stripe down when the link is opened: the address changes anyway, and Stripe gets it later.
TEST_P(AccountTest, StripeOutageNeverUndoesTheChangeAndTheUpdateArrivesLater) {
  auto who = CreateUser(*server_, "outage@example.com", kPassword);
  ExecSql(*server_, "UPDATE users SET stripe_customer_id = 'cus_outage' WHERE id = " + Uid(who));
  std::string token = ChangeToken(who, "outage-new@example.com");
  stripe_.FailNext(1000, 503);
  auto done = Confirm(token);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json().at("email"), "outage-new@example.com");
  // Stripe is tried and fails; the row waits for a retry.
  auto failed = server_->logs().WaitForEvents("billing.customer_email.failed", 1, 10s);
  ASSERT_GE(failed.size(), 1u);
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM stripe_customer_updates WHERE done_at IS NULL"),
            1);
  EXPECT_EQ(Scalar<std::string>("SELECT email FROM users WHERE id = " + Uid(who)),
            "outage-new@example.com");
  stripe_.FailNext(0, 503);  // Stripe is back
  auto synced = server_->logs().WaitForEvents("billing.customer_email.synced", 1, 20s);
  ASSERT_EQ(synced.size(), 1u);
  auto requests = stripe_.Requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_EQ(requests.back().path, "/v1/customers/cus_outage");
  EXPECT_EQ(requests.back().Form("email"), "outage-new@example.com");
  EXPECT_EQ(Scalar<long long>("SELECT COUNT(*) FROM stripe_customer_updates WHERE done_at IS NULL"),
            0);
}

TEST_P(AccountTest, EmailChangeRoutesAreRateLimited) {
  clock_->Freeze();
  auto who = CreateUser(*server_, "limited@example.com", kPassword);
  Restart({{"RATE_LIMIT_ENABLED", "true"}, {"RATE_LIMIT_VERIFY_EMAIL_IP", "2/min"}});
  // email/change: 5/min per user (like password/change), every attempt counting.
  for (int i = 0; i < 5; ++i) {
    Headers h = With(who);
    h.emplace_back("X-Forwarded-For", "198.51.100." + std::to_string(i + 1));
    EXPECT_EQ(Post("/api/v1/auth/email/change",
                   JsonString({{"new_email", "x@example.com"}, {"password", "wrong-pass-1"}}), h)
                  .status,
              400);
  }
  auto limited = RequestChange(who, "x@example.com");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Json().at("code"), "RATE_LIMITED");
  EXPECT_TRUE(limited.Header("Retry-After"));
  // email/change/confirm: per client IP (RATE_LIMIT_VERIFY_EMAIL_IP).
  Headers from{{"X-Forwarded-For", "203.0.113.50"}};
  EXPECT_EQ(Confirm("unknown-token-1", from).status, 400);
  EXPECT_EQ(Confirm("unknown-token-2", from).status, 400);
  EXPECT_EQ(Confirm("unknown-token-3", from).status, 429);
  EXPECT_EQ(Confirm("unknown-token-4", {{"X-Forwarded-For", "203.0.113.51"}}).status, 400);
}

// ---- Your data -------------------------------------------------------------------------------

TEST_P(AccountTest, ExportHoldsEverythingAboutTheCallerAndNoSecret) {
  auto me = CreateUser(*server_, "export@example.com", kPassword);
  auto owner = CreateUser(*server_, "owner@example.com", kPassword);
  auto mine = Post("/api/v1/apps", JsonString({{"name", "Mine"}}), BearerHeaders(me.access));
  ASSERT_EQ(mine.status, 201);
  auto theirs = Post("/api/v1/apps", JsonString({{"name", "Theirs"}}), BearerHeaders(owner.access));
  ASSERT_EQ(theirs.status, 201);
  Post("/api/v1/apps", JsonString({{"name", "Not mine at all"}}), BearerHeaders(owner.access));
  const std::string theirs_id = std::to_string(theirs.Json().at("id").as_int64());
  ASSERT_EQ(Post("/api/v1/apps/" + theirs_id + "/collaborators",
                 JsonString({{"email", "export@example.com"}, {"role", "viewer"}}),
                 BearerHeaders(owner.access))
                .status,
            201);
  ExecSql(*server_, "UPDATE users SET stripe_customer_id = 'cus_export' WHERE id = " + Uid(me));
  ExecSql(*server_,
          "INSERT INTO subscriptions (user_id, stripe_subscription_id, stripe_customer_id, "
          "plan_id, price_id, status, current_period_end, cancel_at_period_end, stripe_created, "
          "created_at, updated_at) VALUES (" +
              Uid(me) +
              ", 'sub_export', 'cus_export', 'pro_monthly', 'price_x', 'active', 1900000000, 0, "
              "1, 1, 1)");

  auto r = client().Get("/api/v1/auth/me/export", With(me));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.Header("Content-Disposition").value_or("").find("attachment"), std::string::npos);
  EXPECT_NE(r.Header("Content-Type").value_or("").find("application/json"), std::string::npos);
  auto body = r.Json().as_object();
  EXPECT_EQ(body.size(), 6u);  // the contract's five, and the provider identities
  EXPECT_TRUE(body["identities"].as_array().empty());
  EXPECT_EQ(body["user"].at("email"), "export@example.com");
  EXPECT_EQ(body["user"].at("app_count"), 1);
  ASSERT_EQ(body["apps"].as_array().size(), 1u);
  EXPECT_EQ(body["apps"].at(0).at("name"), "Mine");
  EXPECT_EQ(body["apps"].at(0).at("role"), "owner");
  ASSERT_EQ(body["collaborations"].as_array().size(), 1u);
  EXPECT_EQ(body["collaborations"].at(0).at("name"), "Theirs");
  EXPECT_EQ(body["collaborations"].at(0).at("role"), "viewer");
  EXPECT_EQ(body["subscription"].at("status"), "active");
  EXPECT_EQ(body["subscription"].at("plan_id"), "pro_monthly");
  ASSERT_EQ(body["sessions"].as_array().size(), 1u);
  EXPECT_EQ(body["sessions"].at(0).at("current"), true);
  // Nothing secret: no hash, token, family or customer id, in any field.
  const std::string hash =
      Scalar<std::string>("SELECT password_hash FROM users WHERE id = " + Uid(me));
  const std::string family = Scalar<std::string>(
      "SELECT family_id FROM refresh_sessions WHERE user_id = " + Uid(me) + " LIMIT 1");
  for (const std::string& secret :
       {hash, family, me.refresh, me.access, std::string("cus_export"), std::string("sub_export"),
        std::string("argon2"), std::string("token"), std::string("hash")}) {
    EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(client().Get("/api/v1/auth/me/export").status, 401);
  // Without a subscription it is null.
  auto bare = client().Get("/api/v1/auth/me/export", BearerHeaders(owner.access));
  ASSERT_EQ(bare.status, 200);
  EXPECT_TRUE(bare.Json().at("subscription").is_null());
  EXPECT_EQ(bare.Json().at("apps").as_array().size(), 2u);
  EXPECT_EQ(bare.Json().at("collaborations").as_array().size(), 0u);
  EXPECT_EQ(bare.Json().at("sessions").at(0).at("current"), false) << "no cookie came";
}

INSTANTIATE_TEST_SUITE_P(Engines, AccountTest, kEngines, EngineName);

}  // namespace
}  // namespace plangate::test

// DELETE /auth/me (contract v1.1, "Your data"): re-authentication, Stripe first, every row of the
// user gone in one transaction, the address free again; on both engines.

#include <gtest/gtest.h>

#include <soci/soci.h>
#include <boost/json/serialize.hpp>
#include <ctime>

#include "auth/totp.h"
#include "billing/signature.h"
#include "core/clock.h"

#include "support/auth_helpers.h"
#include "support/fake_stripe.h"

namespace plangate::test {
namespace {

const std::string kPassword = "Sturdy-Test-Pass-42";

class AccountDeletionTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    app::Env env = SmtpEnv(sink_);
    env["STRIPE_SECRET_KEY"] = FakeStripe::kSecretKey;
    env["STRIPE_API_BASE"] = stripe_.base_url();
    env["STRIPE_WEBHOOK_SECRET"] = "whsec_account_deletion";
    env["STRIPE_PRICE_IDS"] = "pro_monthly=price_pro_m";
    env["STRIPE_TIMEOUT_MS"] = "1500";
    env["RATE_LIMIT_ENABLED"] = "false";
    clock_->Freeze();  // two-factor codes stay in their step until a test moves the clock
    server_ = std::make_unique<TestServer>(db_, env, std::vector<http::Route>{}, clock_);
    user_ = CreateUser(*server_, "leaver@example.com");
  }

  HttpClient client() { return server_->client(); }

  HttpResponse DeleteMe(const LoggedIn& who, const std::string& body) {
    Headers headers = BearerHeaders(who.access);
    headers.emplace_back("Content-Type", "application/json");
    return client().Send("DELETE", "/api/v1/auth/me", body, headers);
  }

  std::int64_t Count(const std::string& sql) {
    long long n = 0;
    server_->app().database().Run([&](soci::session& s) { s << sql, soci::into(n); });
    return n;
  }

  std::int64_t CreateApp(const LoggedIn& who, const std::string& name) {
    auto r =
        client().PostJson("/api/v1/apps/", JsonString({{"name", name}}), BearerHeaders(who.access));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }

  void Share(const LoggedIn& owner, std::int64_t app, const std::string& email) {
    auto r = client().PostJson("/api/v1/apps/" + std::to_string(app) + "/collaborators",
                               JsonString({{"email", email}, {"role", "editor"}}),
                               BearerHeaders(owner.access));
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // A live subscription known to both Stripe and the database.
  void Subscribe() {
    stripe_.PutSubscription(
        FakeStripe::MakeSubscription("sub_leaver", "cus_leaver", "price_pro_m", "active"));
    const std::string id = std::to_string(user_.user_id);
    ExecSql(
        *server_,
        "UPDATE users SET stripe_customer_id = 'cus_leaver', user_type = 'pro' WHERE id = " + id);
    ExecSql(*server_,
            "INSERT INTO subscriptions (user_id, stripe_subscription_id, stripe_customer_id, "
            "plan_id, price_id, status, cancel_at_period_end, stripe_created, created_at, "
            "updated_at) VALUES (" +
                id +
                ", 'sub_leaver', 'cus_leaver', 'pro_monthly', 'price_pro_m', 'active', 0, 1, "
                "1, 1)");
  }

  std::int64_t Rows(std::int64_t user_id) {
    const std::string id = std::to_string(user_id);
    return Count("SELECT (SELECT COUNT(*) FROM users WHERE id = " + id +
                 ") + (SELECT COUNT(*) FROM apps WHERE owner_id = " + id +
                 ") + (SELECT COUNT(*) FROM app_members WHERE user_id = " + id +
                 ") + (SELECT COUNT(*) FROM refresh_sessions WHERE user_id = " + id +
                 ") + (SELECT COUNT(*) FROM subscriptions WHERE user_id = " + id + ")");
  }

  // Turns two-factor sign-in on for the user; returns its recovery codes.
  std::vector<std::string> EnableTwoFactor() {
    Headers headers = BearerHeaders(user_.access);
    auto setup = client().PostJson("/api/v1/auth/mfa/totp/setup",
                                   JsonString({{"password", kPassword}}), headers);
    EXPECT_EQ(setup.status, 200) << setup.body;
    secret_ = std::string(setup.Json().at("secret").as_string());
    auto confirm = client().PostJson(
        "/api/v1/auth/mfa/totp/confirm",
        JsonString({{"code", auth::totp::CodeAt(secret_, clock_->Now())}}), headers);
    EXPECT_EQ(confirm.status, 200) << confirm.body;
    std::vector<std::string> codes;
    const boost::json::value json = confirm.Json();  // outlives the loop over its array
    for (const auto& c : json.at("recovery_codes").as_array()) {
      codes.emplace_back(c.as_string());
    }
    clock_->Advance(30);  // the next step: a fresh code
    return codes;
  }

  std::shared_ptr<core::OffsetClock> clock_ = std::make_shared<core::OffsetClock>();
  std::string secret_;
  SmtpSink sink_;
  FakeStripe stripe_;
  TestDatabase db_{GetParam()};
  std::unique_ptr<TestServer> server_;
  LoggedIn user_;
};

TEST_P(AccountDeletionTest, DeletesEveryRowOfTheUserAndFreesTheAddress) {
  auto other = CreateUser(*server_, "stayer@example.com");
  const std::int64_t owned = CreateApp(user_, "mine");
  Share(user_, owned, "stayer@example.com");
  const std::int64_t theirs = CreateApp(other, "theirs");
  Share(other, theirs, "leaver@example.com");
  ASSERT_GT(Rows(user_.user_id), 3);

  auto wrong = DeleteMe(user_, R"({"password": "not-the-password"})");
  ASSERT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(wrong.Json().at("code"), "VALIDATION_ERROR");
  EXPECT_TRUE(wrong.Json().at("errors").as_object().contains("password"));
  auto missing = DeleteMe(user_, "{}");
  EXPECT_EQ(missing.status, 400);
  const std::int64_t before = Rows(user_.user_id);
  EXPECT_GT(before, 3);

  auto r = DeleteMe(user_, JsonString({{"password", kPassword}}));
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(Rows(user_.user_id), 0);
  // The app they owned went with its memberships; the app they were invited to stays.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM apps WHERE id = " + std::to_string(owned)), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM app_members WHERE app_id = " + std::to_string(owned)), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM app_members WHERE app_id = " + std::to_string(theirs)), 1);
  EXPECT_EQ(
      client().Get("/api/v1/apps/" + std::to_string(theirs), BearerHeaders(other.access)).status,
      200);
  // No session survives: the refresh cookie is dead, the access token names nobody.
  EXPECT_EQ(client()
                .Send("POST", "/api/v1/auth/token/refresh", "",
                      [&] {
                        Headers h = CookieHeaders(user_.refresh);
                        h.emplace_back("X-Requested-With", "XMLHttpRequest");
                        return h;
                      }())
                .status,
            401);
  EXPECT_EQ(client().Get("/api/v1/auth/me", BearerHeaders(user_.access)).status, 401);
  auto goodbye = sink_.WaitFor("leaver@example.com", "deleted");
  ASSERT_TRUE(goodbye);
  EXPECT_NE(goodbye->data.find("/register"), std::string::npos);
  auto events = server_->logs().Events("auth.account.deleted");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("user_id"), user_.user_id);

  // The address can sign up again.
  auto again = SignUp(client(), sink_, "leaver@example.com", "Another-Sturdy-Pass-7");
  EXPECT_NE(again.user_id, user_.user_id);
  EXPECT_EQ(client().Get("/api/v1/apps", BearerHeaders(again.access)).Json().at("count"), 0);
}

TEST_P(AccountDeletionTest, StaffCannotDeleteThemselvesAndStrangersAreTurnedAway) {
  ExecSql(*server_, "UPDATE users SET is_staff = 1 WHERE id = " + std::to_string(user_.user_id));
  auto staff = DeleteMe(user_, JsonString({{"password", kPassword}}));
  EXPECT_EQ(staff.status, 403);
  EXPECT_EQ(staff.Json().at("code"), "PERMISSION_DENIED");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE id = " + std::to_string(user_.user_id)), 1);
  auto anonymous = client().Send("DELETE", "/api/v1/auth/me", JsonString({{"password", kPassword}}),
                                 {{"Content-Type", "application/json"}});
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.Json().at("code"), "NOT_AUTHENTICATED");
}

TEST_P(AccountDeletionTest, StripeCancelsFirstAndAFailureDeletesNothing) {
  Subscribe();
  CreateApp(user_, "kept while Stripe fails");
  stripe_.FailNext(10, 500);
  auto failed = DeleteMe(user_, JsonString({{"password", kPassword}}));
  EXPECT_EQ(failed.status, 502) << failed.body;
  EXPECT_EQ(failed.Json().at("code"), "BILLING_PROVIDER_ERROR");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE id = " + std::to_string(user_.user_id)), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM apps WHERE owner_id = " + std::to_string(user_.user_id)),
            1);
  EXPECT_EQ(client().Get("/api/v1/auth/me", BearerHeaders(user_.access)).status, 200);

  stripe_.FailNext(0, 500);
  auto r = DeleteMe(user_, JsonString({{"password", kPassword}}));
  ASSERT_EQ(r.status, 204) << r.body;
  auto cancel = stripe_.Requests().back();
  EXPECT_EQ(cancel.method, "DELETE");
  EXPECT_EQ(cancel.path, "/v1/subscriptions/sub_leaver");
  EXPECT_EQ(Rows(user_.user_id), 0);
}

TEST_P(AccountDeletionTest, LaterStripeEventsForTheDeletedCustomerAreIgnored) {
  Subscribe();
  ASSERT_EQ(DeleteMe(user_, JsonString({{"password", kPassword}})).status, 204);
  const std::int64_t users = Count("SELECT COUNT(*) FROM users");
  auto body = boost::json::serialize(
      boost::json::object{{"id", "evt_after_delete"},
                          {"object", "event"},
                          {"type", "customer.subscription.deleted"},
                          {"created", static_cast<std::int64_t>(std::time(nullptr))},
                          {"data", {{"object", stripe_.Subscription("sub_leaver")}}}});
  auto r =
      client().Send("POST", "/api/v1/billing/webhook", body,
                    {{"Content-Type", "application/json"},
                     {"Stripe-Signature",
                      billing::SignStripePayload(body, "whsec_account_deletion",
                                                 static_cast<std::int64_t>(std::time(nullptr)))}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users"), users);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM subscriptions WHERE stripe_subscription_id = 'sub_leaver'"),
            0);
}

TEST_P(AccountDeletionTest, WithTwoFactorOnASecondFactorIsNeededAndSpentOnlyOnSuccess) {
  auto recovery = EnableTwoFactor();
  ASSERT_EQ(recovery.size(), 10u);
  Subscribe();
  const std::size_t stripe_calls = stripe_.Requests().size();
  for (const std::string& body :
       {JsonString({{"password", kPassword}}),
        JsonString({{"password", kPassword}, {"code", "000000"}}),
        JsonString({{"password", kPassword}, {"code", "not a code"}}),
        JsonString({{"password", kPassword}, {"recovery_code", "aaaa-bbbb-cccc-dddd"}})}) {
    auto r = DeleteMe(user_, body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.Json().at("code"), "INVALID_MFA_CODE") << body;
  }
  // A wrong code never reached Stripe, and both fields at once is ambiguous.
  EXPECT_EQ(stripe_.Requests().size(), stripe_calls);
  auto both = DeleteMe(user_, JsonString({{"password", kPassword},
                                          {"code", auth::totp::CodeAt(secret_, clock_->Now())},
                                          {"recovery_code", recovery[0]}}));
  EXPECT_EQ(both.status, 400);
  EXPECT_EQ(both.Json().at("code"), "VALIDATION_ERROR");

  // A right recovery code with Stripe failing: 502, and the code is not spent.
  stripe_.FailNext(10, 500);
  auto failed =
      DeleteMe(user_, JsonString({{"password", kPassword}, {"recovery_code", recovery[0]}}));
  EXPECT_EQ(failed.status, 502) << failed.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE id = " + std::to_string(user_.user_id)), 1);
  stripe_.FailNext(0, 500);
  auto r = DeleteMe(user_, JsonString({{"password", kPassword}, {"recovery_code", recovery[0]}}));
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(Rows(user_.user_id), 0);
  EXPECT_EQ(server_->logs().Events("auth.mfa.recovery_code_used").size(), 1u);
}

TEST_P(AccountDeletionTest, WithTwoFactorOnACurrentCodeDeletes) {
  EnableTwoFactor();
  auto r = DeleteMe(user_, JsonString({{"password", kPassword},
                                       {"code", auth::totp::CodeAt(secret_, clock_->Now())}}));
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(Rows(user_.user_id), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, AccountDeletionTest, kEngines, EngineName);

}  // namespace
}  // namespace plangate::test

// The contract test: walk every route of the table with real requests and check that each
// response's status is documented in the generated OpenAPI document and that its body validates
// against the schema documented for that status.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>
#include <set>
#include <thread>

#include "auth/totp.h"
#include "billing/signature.h"
#include "support/auth_helpers.h"
#include "support/fake_oidc.h"
#include "support/fake_stripe.h"
#include "support/schema_check.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

class ContractTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    app::Env env = SmtpEnv(sink_);
    env["STRIPE_SECRET_KEY"] = FakeStripe::kSecretKey;
    env["STRIPE_API_BASE"] = stripe_.base_url();
    env["STRIPE_WEBHOOK_SECRET"] = "whsec_contract";
    env["STRIPE_PRICE_IDS"] = "pro_monthly=price_pro_m";
    for (const auto& [k, v] : oidc_.Env("fake")) env[k] = v;
    server_ = std::make_unique<TestServer>(db_, env);
    document_ = boost::json::parse(server_->app().openapi_json()).as_object();
  }

  // Sends the request and checks the answer against the document's operation for `pattern`.
  HttpResponse Check(const std::string& method, const std::string& pattern, const std::string& path,
                     const std::string& body = "", Headers headers = {}) {
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    auto r = server_->client().Send(method, path, body, headers);
    std::string lower = method;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    covered_.insert(method + " " + pattern);
    const auto& paths = document_.at("paths").as_object();
    if (!paths.contains(pattern) || !paths.at(pattern).as_object().contains(lower)) {
      ADD_FAILURE() << method << " " << pattern << " is not documented";
      return r;
    }
    const auto& responses = paths.at(pattern).at(lower).at("responses").as_object();
    std::string status = std::to_string(r.status);
    if (!responses.contains(status)) {
      ADD_FAILURE() << method << " " << path << " answered " << status
                    << ", which is not documented: " << r.body.substr(0, 200);
      return r;
    }
    const auto& documented = responses.at(status).as_object();
    if (auto content = documented.find("content"); content != documented.end()) {
      const auto& schema = content->value().at("application/json").at("schema").as_object();
      boost::json::value json;
      try {
        json = r.Json();
      } catch (const std::exception&) {
        ADD_FAILURE() << method << " " << path << ": body is not JSON";
        return r;
      }
      for (const auto& problem : CheckSchema(json, schema, document_)) {
        ADD_FAILURE() << method << " " << path << " " << status << ": " << problem;
      }
    }
    return r;
  }

  SmtpSink sink_;
  FakeStripe stripe_;
  FakeOidc oidc_;
  TestDatabase db_{GetParam()};
  std::unique_ptr<TestServer> server_;
  boost::json::object document_;
  std::set<std::string> covered_;
};

TEST_P(ContractTest, EveryRouteAnswersAsDocumented) {
  const std::string pw = "Contract-Pass-2026";
  // Ops.
  Check("GET", "/healthz", "/healthz");
  Check("GET", "/readyz", "/readyz");
  Check("GET", "/api/schema", "/api/schema");
  Check("GET", "/api/docs", "/api/docs");
  Check("GET", "/api/docs/swagger-ui-bundle.js", "/api/docs/swagger-ui-bundle.js");
  Check("GET", "/api/docs/swagger-initializer.js", "/api/docs/swagger-initializer.js");
  Check("GET", "/api/docs/swagger-ui.css", "/api/docs/swagger-ui.css");
  Check("GET", "/metrics", "/metrics");

  // Auth.
  Check("POST", "/api/v1/auth/register", "/api/v1/auth/register",
        JsonString({{"email", "c@example.com"}, {"password", pw}}));
  Check("POST", "/api/v1/auth/register", "/api/v1/auth/register", R"({"email": 1})");
  auto mail = sink_.WaitFor("c@example.com", "Confirm");
  ASSERT_TRUE(mail);
  Check("POST", "/api/v1/auth/login", "/api/v1/auth/login",
        JsonString({{"email", "c@example.com"}, {"password", pw}}));
  Check("POST", "/api/v1/auth/verify-email", "/api/v1/auth/verify-email",
        JsonString({{"token", "nope"}}));
  Check("POST", "/api/v1/auth/verify-email", "/api/v1/auth/verify-email",
        JsonString({{"token", TokenFromMail(*mail, "/verify-email")}}));
  Check("POST", "/api/v1/auth/resend-verification", "/api/v1/auth/resend-verification",
        JsonString({{"email", "c@example.com"}}));
  Check("POST", "/api/v1/auth/login", "/api/v1/auth/login",
        JsonString({{"email", "c@example.com"}, {"password", "Wrong-Pass-999"}}));
  auto login = Check("POST", "/api/v1/auth/login", "/api/v1/auth/login",
                     JsonString({{"email", "c@example.com"}, {"password", pw}}));
  std::string access(login.Json().at("access").as_string());
  std::string refresh = *RefreshCookieOf(login);
  Headers bearer = BearerHeaders(access);
  Check("GET", "/api/v1/auth/me", "/api/v1/auth/me", "", bearer);
  Check("GET", "/api/v1/auth/me", "/api/v1/auth/me");
  Check("POST", "/api/v1/auth/token/refresh", "/api/v1/auth/token/refresh", "",
        {{"Cookie", "refresh_token=" + refresh}});
  auto refreshed = Check("POST", "/api/v1/auth/token/refresh", "/api/v1/auth/token/refresh", "",
                         CookieHeaders(refresh));
  refresh = *RefreshCookieOf(refreshed);
  Check("POST", "/api/v1/auth/token/refresh", "/api/v1/auth/token/refresh", "",
        CookieHeaders("bogus"));
  Check("POST", "/api/v1/auth/password/forgot", "/api/v1/auth/password/forgot",
        JsonString({{"email", "c@example.com"}}));
  Check("POST", "/api/v1/auth/password/reset", "/api/v1/auth/password/reset",
        JsonString({{"token", "nope"}, {"new_password", "Another-Pass-2026"}}));
  Check("POST", "/api/v1/auth/password/change", "/api/v1/auth/password/change",
        JsonString({{"current_password", "wrong"}, {"new_password", "Another-Pass-2026"}}), bearer);
  Check("POST", "/api/v1/auth/password/change", "/api/v1/auth/password/change",
        JsonString({{"current_password", pw}, {"new_password", "Another-Pass-2026"}}), bearer);

  // Apps.
  auto other = CreateUser(*server_, "other@example.com");
  auto created = Check("POST", "/api/v1/apps", "/api/v1/apps", R"({"name":"Contract"})", bearer);
  const std::string app = "/api/v1/apps/" + std::to_string(created.Json().at("id").as_int64());
  Check("POST", "/api/v1/apps", "/api/v1/apps", R"({"name":""})", bearer);
  Check("GET", "/api/v1/apps", "/api/v1/apps?page_size=1", "", bearer);
  Check("GET", "/api/v1/apps", "/api/v1/apps?page=9", "", bearer);
  Check("GET", "/api/v1/apps/{id}", app, "", bearer);
  Check("GET", "/api/v1/apps/{id}", app, "", BearerHeaders(other.access));
  Check("PATCH", "/api/v1/apps/{id}", app, R"({"description":"d"})", bearer);
  Check("POST", "/api/v1/apps/{id}/collaborators", app + "/collaborators",
        JsonString({{"email", "other@example.com"}, {"role", "viewer"}}), bearer);
  Check("POST", "/api/v1/apps/{id}/collaborators", app + "/collaborators",
        JsonString({{"email", "other@example.com"}, {"role", "viewer"}}), bearer);
  Check("GET", "/api/v1/apps/{id}/collaborators", app + "/collaborators", "", bearer);
  Check("PATCH", "/api/v1/apps/{id}", app, R"({"name":"viewer edit"})",
        BearerHeaders(other.access));
  const std::string member = app + "/collaborators/" + std::to_string(other.user_id);
  Check("PATCH", "/api/v1/apps/{id}/collaborators/{user_id}", member, R"({"role":"editor"})",
        bearer);
  Check("DELETE", "/api/v1/apps/{id}/collaborators/{user_id}", member, "", bearer);
  for (int i = 0; i < 2; ++i)
    Check("POST", "/api/v1/apps", "/api/v1/apps", R"({"name":"more"})", bearer);
  Check("POST", "/api/v1/apps", "/api/v1/apps", R"({"name":"over"})", bearer);
  Check("DELETE", "/api/v1/apps/{id}", app, "", bearer);

  // Invitations (v1.1): `other` owns an app and invites c@example.com.
  Headers other_bearer = BearerHeaders(other.access);
  auto owned = Check("POST", "/api/v1/apps", "/api/v1/apps", R"({"name":"Invites"})", other_bearer);
  const std::string invites =
      "/api/v1/apps/" + std::to_string(owned.Json().at("id").as_int64()) + "/invitations";
  const std::string invite_c = JsonString({{"email", "c@example.com"}, {"role", "editor"}});
  Check("POST", "/api/v1/apps/{id}/invitations", invites, invite_c, other_bearer);
  Check("POST", "/api/v1/apps/{id}/invitations", invites, invite_c, other_bearer);
  Check("POST", "/api/v1/apps/{id}/invitations", invites,
        JsonString({{"email", "other@example.com"}, {"role", "viewer"}}), other_bearer);
  Check("POST", "/api/v1/apps/{id}/invitations", invites, invite_c, bearer);
  auto to_revoke =
      Check("POST", "/api/v1/apps/{id}/invitations", invites,
            JsonString({{"email", "x@example.com"}, {"role", "viewer"}}), other_bearer);
  Check("GET", "/api/v1/apps/{id}/invitations", invites, "", other_bearer);
  Check("GET", "/api/v1/apps/{id}/invitations", invites, "", bearer);
  auto invite_mail = sink_.WaitFor("c@example.com", "invited to join");
  ASSERT_TRUE(invite_mail);
  const std::string invite_token = TokenFromMail(*invite_mail, "/invitations/accept");
  const std::string invite_body = JsonString({{"token", invite_token}});
  Check("POST", "/api/v1/invitations/lookup", "/api/v1/invitations/lookup", invite_body);
  Check("POST", "/api/v1/invitations/lookup", "/api/v1/invitations/lookup",
        JsonString({{"token", "nope"}}));
  Check("POST", "/api/v1/invitations/accept", "/api/v1/invitations/accept", invite_body);
  Check("POST", "/api/v1/invitations/accept", "/api/v1/invitations/accept", invite_body,
        other_bearer);
  Check("POST", "/api/v1/invitations/accept", "/api/v1/invitations/accept", invite_body, bearer);
  Check("POST", "/api/v1/invitations/accept", "/api/v1/invitations/accept", invite_body, bearer);
  const std::string revoke = invites + "/" + std::to_string(to_revoke.Json().at("id").as_int64());
  Check("DELETE", "/api/v1/apps/{id}/invitations/{invitation_id}", revoke, "", bearer);
  Check("DELETE", "/api/v1/apps/{id}/invitations/{invitation_id}", revoke, "", other_bearer);
  Check("DELETE", "/api/v1/apps/{id}/invitations/{invitation_id}", revoke, "", other_bearer);
  RememberSecret(invite_token);

  // Billing.
  Check("GET", "/api/v1/billing/plans", "/api/v1/billing/plans");
  Check("GET", "/api/v1/billing/subscription", "/api/v1/billing/subscription", "", bearer);
  Check("POST", "/api/v1/billing/portal-session", "/api/v1/billing/portal-session", "", bearer);
  Check("POST", "/api/v1/billing/checkout-session", "/api/v1/billing/checkout-session",
        R"({"plan_id":"basic"})", bearer);
  Check("POST", "/api/v1/billing/checkout-session", "/api/v1/billing/checkout-session",
        R"({"plan_id":"pro_monthly"})", bearer);
  Check("POST", "/api/v1/billing/portal-session", "/api/v1/billing/portal-session", "", bearer);
  auto me = server_->client().Get("/api/v1/auth/me", bearer).Json().as_object();
  stripe_.PutSubscription(FakeStripe::MakeSubscription("sub_c", "cus_1", "price_pro_m", "active"));
  std::string event =
      R"({"id":"evt_c","object":"event","type":"customer.subscription.created",)"
      R"("data":{"object":{"id":"sub_c","object":"subscription","customer":"cus_1"}}})";
  Check("POST", "/api/v1/billing/webhook", "/api/v1/billing/webhook", event,
        {{"Stripe-Signature", "t=1,v1=00"}});
  Check("POST", "/api/v1/billing/webhook", "/api/v1/billing/webhook", event,
        {{"Stripe-Signature",
          billing::SignStripePayload(event, "whsec_contract",
                                     static_cast<std::int64_t>(std::time(nullptr)))}});
  Check("GET", "/api/v1/billing/subscription", "/api/v1/billing/subscription", "", bearer);
  Check("POST", "/api/v1/billing/checkout-session", "/api/v1/billing/checkout-session",
        R"({"plan_id":"pro_monthly"})", bearer);

  // Auth v1.1: sessions (devices), export, email change.
  Headers with_cookie = bearer;
  with_cookie.emplace_back("Cookie", "refresh_token=" + refresh);
  Check("GET", "/api/v1/auth/sessions", "/api/v1/auth/sessions", "", with_cookie);
  Check("GET", "/api/v1/auth/sessions", "/api/v1/auth/sessions");
  Login(server_->client(), "c@example.com", "Another-Pass-2026");
  auto listed = server_->client().Get("/api/v1/auth/sessions", bearer).Json();
  const std::string newest =
      "/api/v1/auth/sessions/" + std::to_string(listed.at("results").at(0).at("id").as_int64());
  Check("DELETE", "/api/v1/auth/sessions/{id}", newest, "", bearer);
  Check("DELETE", "/api/v1/auth/sessions/{id}", newest, "", bearer);
  Check("GET", "/api/v1/auth/me/export", "/api/v1/auth/me/export", "", with_cookie);
  Check("GET", "/api/v1/auth/me/export", "/api/v1/auth/me/export");
  Check("POST", "/api/v1/auth/email/change", "/api/v1/auth/email/change",
        JsonString({{"new_email", "c2@example.com"}, {"password", "wrong"}}), bearer);
  Check("POST", "/api/v1/auth/email/change", "/api/v1/auth/email/change",
        JsonString({{"new_email", "c2@example.com"}, {"password", "Another-Pass-2026"}}));
  Check("POST", "/api/v1/auth/email/change", "/api/v1/auth/email/change",
        JsonString({{"new_email", "c2@example.com"}, {"password", "Another-Pass-2026"}}), bearer);
  auto change_mail = sink_.WaitFor("c2@example.com", "Confirm your new email");
  ASSERT_TRUE(change_mail);
  const std::string change_token = TokenFromMail(*change_mail, "/confirm-email-change");
  RememberSecret(change_token);
  // The address is taken before the link is opened: 409 EMAIL_TAKEN.
  CreateUser(*server_, "c2@example.com");
  Check("POST", "/api/v1/auth/email/change/confirm", "/api/v1/auth/email/change/confirm",
        JsonString({{"token", change_token}}));
  Check("POST", "/api/v1/auth/email/change", "/api/v1/auth/email/change",
        JsonString({{"new_email", "c3@example.com"}, {"password", "Another-Pass-2026"}}), bearer);
  auto second_mail = sink_.WaitFor("c3@example.com", "Confirm your new email");
  ASSERT_TRUE(second_mail);
  const std::string second_token = TokenFromMail(*second_mail, "/confirm-email-change");
  RememberSecret(second_token);
  Check("POST", "/api/v1/auth/email/change/confirm", "/api/v1/auth/email/change/confirm",
        JsonString({{"token", second_token}}), {{"Cookie", "refresh_token=" + refresh}});
  Check("POST", "/api/v1/auth/email/change/confirm", "/api/v1/auth/email/change/confirm",
        JsonString({{"token", second_token}}));
  Check("POST", "/api/v1/auth/email/change/confirm", "/api/v1/auth/email/change/confirm", "{}");
  // Two-factor sign-in, with a user of its own.
  {
    const std::string pw2 = "Second-Factor-Pass-7";
    auto two = CreateUser(*server_, "mfa@example.com", pw2);
    Headers h = BearerHeaders(two.access);
    const std::string base = "/api/v1/auth/mfa";
    Check("POST", base + "/totp/setup", base + "/totp/setup", JsonString({{"password", pw2}}));
    Check("POST", base + "/totp/confirm", base + "/totp/confirm", JsonString({{"code", "1"}}), h);
    Check("POST", base + "/totp/setup", base + "/totp/setup", JsonString({{"password", "x"}}), h);
    auto setup = Check("POST", base + "/totp/setup", base + "/totp/setup",
                       JsonString({{"password", pw2}}), h);
    const std::string secret(setup.Json().at("secret").as_string());
    RememberSecret(secret);
    Check("POST", base + "/totp/confirm", base + "/totp/confirm", JsonString({{"code", "abc"}}), h);
    // Three codes of consecutive steps (t-30, t, t+30) must all be within +-1 step of their
    // call: start with at least 10 s left in the current step.
    while (server_->app().clock().Now() % 30 > 20) std::this_thread::sleep_for(1s);
    const std::int64_t t = server_->app().clock().Now();
    auto confirmed = Check("POST", base + "/totp/confirm", base + "/totp/confirm",
                           JsonString({{"code", auth::totp::CodeAt(secret, t - 30)}}), h);
    RememberSecret(std::string(confirmed.Json().at("recovery_codes").at(0).as_string()));
    Check("POST", base + "/totp/setup", base + "/totp/setup", JsonString({{"password", pw2}}), h);
    auto challenge = Check("POST", "/api/v1/auth/login", "/api/v1/auth/login",
                           JsonString({{"email", "mfa@example.com"}, {"password", pw2}}));
    const std::string token(challenge.Json().at("mfa_token").as_string());
    RememberSecret(token);
    Check("POST", base + "/verify", base + "/verify",
          JsonString({{"mfa_token", "unknown"}, {"code", "123456"}}));
    Check("POST", base + "/verify", base + "/verify", JsonString({{"mfa_token", token}}));
    Check("POST", base + "/verify", base + "/verify",
          JsonString({{"mfa_token", token}, {"code", "12345x"}}));
    auto verified =
        Check("POST", base + "/verify", base + "/verify",
              JsonString({{"mfa_token", token}, {"code", auth::totp::CodeAt(secret, t)}}));
    RememberSecret(RefreshCookieOf(verified).value_or(""));
    Check("POST", base + "/recovery-codes", base + "/recovery-codes",
          JsonString({{"password", pw2}, {"code", "000000x"}}), h);
    auto regenerated =
        Check("POST", base + "/recovery-codes", base + "/recovery-codes",
              JsonString({{"password", pw2}, {"code", auth::totp::CodeAt(secret, t + 30)}}), h);
    const std::string recovery(regenerated.Json().at("recovery_codes").at(0).as_string());
    RememberSecret(recovery);
    Check("POST", base + "/totp/disable", base + "/totp/disable",
          JsonString({{"password", pw2}, {"recovery_code", recovery}}), h);
    Check("POST", base + "/recovery-codes", base + "/recovery-codes",
          JsonString({{"password", pw2}, {"code", "123456"}}), h);
    Check("POST", base + "/totp/disable", base + "/totp/disable",
          JsonString({{"password", pw2}, {"code", "123456"}}), h);
  }

  // Sign in with an OpenID Connect provider (v1.2).
  Check("GET", "/api/v1/auth/oidc/providers", "/api/v1/auth/oidc/providers");
  const std::string start = "/api/v1/auth/oidc/{name}/start";
  const std::string callback = "/api/v1/auth/oidc/{name}/callback";
  Check("GET", start, "/api/v1/auth/oidc/fake/start?next=/apps");
  Check("GET", start, "/api/v1/auth/oidc/fake/start?next=//evil");
  EXPECT_EQ(Check("GET", start, "/api/v1/auth/oidc/other/start").status, 404);
  Check("GET", callback, "/api/v1/auth/oidc/fake/callback?code=x&state=y");
  EXPECT_EQ(Check("GET", callback, "/api/v1/auth/oidc/other/callback?code=x&state=y").status, 404);
  Check("GET", "/api/v1/auth/identities", "/api/v1/auth/identities", "", bearer);
  Check("GET", "/api/v1/auth/identities", "/api/v1/auth/identities");
  Check("DELETE", "/api/v1/auth/identities/{id}", "/api/v1/auth/identities/1", "", bearer);

  // Admin.
  server_->app().auth().CreateSuperuser("root@example.com", "Root-Strong-Pass-1");
  auto admin = Login(server_->client(), "root@example.com", "Root-Strong-Pass-1");
  Headers staff = BearerHeaders(admin.access);
  const std::string user = "/api/v1/admin/users/" + std::to_string(me["id"].as_int64());
  Check("GET", "/api/v1/admin/users", "/api/v1/admin/users?ordering=email&page_size=2", "", staff);
  Check("GET", "/api/v1/admin/users", "/api/v1/admin/users?ordering=id", "", staff);
  Check("GET", "/api/v1/admin/users", "/api/v1/admin/users", "", bearer);
  Check("GET", "/api/v1/admin/users/{id}", user, "", staff);
  Check("GET", "/api/v1/admin/users/{id}", "/api/v1/admin/users/999999", "", staff);
  Check("PATCH", "/api/v1/admin/users/{id}", user, R"({"app_limit_override": 7})", staff);
  Check("POST", "/api/v1/admin/users/{id}/cancel-subscription", user + "/cancel-subscription",
        R"({"immediately": false})", staff);
  Check("POST", "/api/v1/admin/users/{id}/cancel-subscription",
        "/api/v1/admin/users/" + std::to_string(other.user_id) + "/cancel-subscription", "{}",
        staff);
  Check("PATCH", "/api/v1/admin/users/{id}", user, R"({"is_disabled_by_admin": true})", staff);
  Check("GET", "/api/v1/auth/me", "/api/v1/auth/me", "", bearer);
  Check("POST", "/api/v1/auth/logout", "/api/v1/auth/logout", R"({"all": true})",
        CookieHeaders(refresh));
  Check("DELETE", "/api/v1/auth/me", "/api/v1/auth/me", JsonString({{"password", pw}}), bearer);
  Check("DELETE", "/api/v1/auth/me", "/api/v1/auth/me", JsonString({{"password", "wrong"}}),
        BearerHeaders(other.access));
  Check("DELETE", "/api/v1/auth/me", "/api/v1/auth/me",
        JsonString({{"password", "Sturdy-Test-Pass-42"}}), BearerHeaders(other.access));

  // The contract's events, with their fields, and no secret anywhere in the log.
  auto& logs = server_->logs();
  logs.WaitForEvents("http.request", covered_.size());
  for (const char* event : {"auth.register",
                            "auth.login.succeeded",
                            "auth.login.failed",
                            "auth.refresh",
                            "auth.logout",
                            "auth.password_reset.requested",
                            "billing.webhook.received",
                            "billing.webhook.processed",
                            "billing.webhook.rejected",
                            "billing.subscription.changed",
                            "user.user_type.changed",
                            "apps.limit_reached",
                            "admin.user.updated",
                            "apps.invitation.created",
                            "apps.invitation.accepted",
                            "apps.invitation.revoked",
                            "auth.mfa.enabled",
                            "auth.mfa.disabled",
                            "auth.mfa.recovery_code_used",
                            "auth.mfa.challenge_failed",
                            "auth.oidc.failed"}) {
    auto lines = logs.Events(event);
    ASSERT_FALSE(lines.empty()) << event;
    for (auto& line : lines) {
      EXPECT_TRUE(line["ts"].is_string()) << event;
      EXPECT_TRUE(line["level"].is_string()) << event;
      EXPECT_TRUE(line["request_id"].is_string()) << event;
    }
  }
  for (auto& line : logs.Events("http.request")) {
    EXPECT_TRUE(line["method"].is_string());
    EXPECT_TRUE(line["status"].is_int64());
    EXPECT_TRUE(line["duration_ms"].is_double());
    EXPECT_TRUE(line["ip"].is_string());
    EXPECT_TRUE(line.contains("route"));
  }
  for (auto& line : logs.Events("auth.login.succeeded")) EXPECT_TRUE(line["user_id"].is_int64());
  for (auto& line : logs.Events("admin.user.updated")) {
    EXPECT_TRUE(line["admin_id"].is_int64());
    EXPECT_TRUE(line["target_user_id"].is_int64());
    EXPECT_TRUE(line["changes"].is_object());
  }
  RememberSecret(pw);
  RememberSecret(access);
  RememberSecret(refresh);
  RememberSecret(FakeStripe::kSecretKey);
  RememberSecret("whsec_contract");
  RememberSecret(FakeOidc::kClientSecret);
  RememberSecret(admin.access);
  ExpectNoSecretsIn(logs.All());

  // Every route of the table was walked.
  for (const auto& r : server_->app().router().routes()) {
    std::string id = std::string(http::MethodName(r.method)) + " " + http::OpenApiPath(r.pattern);
    EXPECT_TRUE(covered_.count(id)) << id << " was not exercised";
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, ContractTest, kEngines, EngineName);

// The checker above can fail: each kind of violation it is relied on to see is seen.
TEST(SchemaCheckTest, CatchesViolations) {
  auto doc = boost::json::parse(R"({"components":{"schemas":{
    "User":{"type":"object","required":["id","email"],"properties":{
      "id":{"type":"integer","minimum":1},
      "email":{"type":"string","maxLength":5},
      "role":{"type":"string","enum":["owner","viewer"]},
      "at":{"type":"string","format":"date-time"},
      "note":{"type":"string","nullable":true}}},
    "List":{"type":"object","properties":{"results":{"type":"array",
      "items":{"$ref":"#/components/schemas/User"}}}}}}})")
                 .as_object();
  auto ref = boost::json::parse(R"({"$ref":"#/components/schemas/List"})").as_object();
  auto ok = boost::json::parse(
      R"({"results":[{"id":1,"email":"a@b","note":null,"at":"2026-01-01T00:00:00Z"}]})");
  EXPECT_TRUE(CheckSchema(ok, ref, doc).empty());
  for (std::string bad :
       {R"({"results":[{"id":1}]})", R"({"results":[{"id":0,"email":"a"}]})",
        R"({"results":[{"id":"1","email":"a"}]})", R"({"results":[{"id":1,"email":"toolong"}]})",
        R"({"results":[{"id":1,"email":"a","role":"admin"}]})",
        R"({"results":[{"id":1,"email":"a","at":"2026-01-01 00:00"}]})",
        R"({"results":[{"id":1,"email":null}]})", R"({"results":{}})"}) {
    EXPECT_FALSE(CheckSchema(boost::json::parse(bad), ref, doc).empty()) << bad;
  }
}

}  // namespace
}  // namespace plangate::test

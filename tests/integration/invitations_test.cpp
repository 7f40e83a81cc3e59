// The Invitations section of contract v1.1 over real HTTP on both engines: create, list, revoke,
// lookup and accept, every error code, expiry on a movable clock, the cascade on app deletion,
// app limits, rate limits, and the races (two accepts of one token, two creates of one address).

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <map>
#include <thread>

#include "core/crypto.h"
#include "support/auth_helpers.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kLink = "http://app.test/invitations/accept";

class InvitationsTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override { Start({}); }

  void Start(const app::Env& extra) {
    app::Env env = SmtpEnv(sink_);  // RATE_LIMIT_ENABLED=false unless `extra` says otherwise
    for (const auto& [k, v] : extra) env[k] = v;
    // Stopped, so that expires_at is exactly now + TTL and a step never straddles a second.
    clock_->Freeze();
    server_ = std::make_unique<TestServer>(db_, env, std::vector<http::Route>{}, clock_);
    owner_ = CreateUser(*server_, "owner@example.com");
    app_ = CreateApp(owner_, "Team Space");
  }

  HttpClient client() { return server_->client(); }

  // After the clock moved past the access tokens' 300 s.
  LoggedIn Relogin(const std::string& email) {
    return Login(client(), email, "Sturdy-Test-Pass-42");
  }

  HttpResponse Call(const LoggedIn& who, const std::string& method, const std::string& path,
                    const std::string& body = "") {
    Headers h = BearerHeaders(who.access);
    if (!body.empty()) h.emplace_back("Content-Type", "application/json");
    return client().Send(method, path, body, h);
  }

  std::int64_t CreateApp(const LoggedIn& who, const std::string& name) {
    auto r = Call(who, "POST", "/api/v1/apps", JsonString({{"name", name}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }

  static std::string AppPath(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/apps/" + std::to_string(id) + rest;
  }

  HttpResponse PostInvite(const LoggedIn& who, std::int64_t app, const std::string& email,
                          const std::string& role = "editor") {
    return Call(who, "POST", AppPath(app, "/invitations"),
                JsonString({{"email", email}, {"role", role}}));
  }

  // The owner invites `email` to `app`; returns the token from the mail that arrives.
  std::string Invite(const std::string& email, const std::string& role = "editor",
                     std::int64_t app = 0) {
    auto r = PostInvite(owner_, app ? app : app_, email, role);
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return {};
    std::string to(r.Json().at("email").as_string());
    auto mail = sink_.WaitFor(to, "invited to join", ++mails_[to]);
    EXPECT_TRUE(mail.has_value()) << "no invitation mail to " << to;
    if (!mail) return {};
    std::string token = TokenFromMail(*mail, kLink);
    RememberSecret(token);
    return token;
  }

  HttpResponse Lookup(const std::string& token) {
    return client().PostJson("/api/v1/invitations/lookup", JsonString({{"token", token}}));
  }

  HttpResponse Accept(const LoggedIn& who, const std::string& token) {
    return Call(who, "POST", "/api/v1/invitations/accept", JsonString({{"token", token}}));
  }

  boost::json::array Pending(std::int64_t app = 0) {
    auto r = Call(owner_, "GET", AppPath(app ? app : app_, "/invitations"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.Json().at("results").as_array() : boost::json::array{};
  }

  long long Count(const std::string& sql) {
    long long n = 0;
    server_->app().database().Run([&](soci::session& s) { s << sql, soci::into(n); });
    return n;
  }

  static void ExpectCode(const HttpResponse& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    if (r.status >= 400) {
      EXPECT_EQ(r.Json().at("code").as_string(), code) << r.body;
    }
  }

  SmtpSink sink_;
  TestDatabase db_{GetParam()};
  std::shared_ptr<core::OffsetClock> clock_ = std::make_shared<core::OffsetClock>();
  std::unique_ptr<TestServer> server_;
  LoggedIn owner_;
  std::int64_t app_ = 0;
  std::map<std::string, std::size_t> mails_;
};

TEST_P(InvitationsTest, CreateMailsALinkToAnAddressWithoutAccountAndStoresOnlyItsHash) {
  auto r = PostInvite(owner_, app_, "  New.Person@Example.COM ", "editor");
  ASSERT_EQ(r.status, 201) << r.body;
  auto inv = r.Json().as_object();
  EXPECT_GT(inv["id"].as_int64(), 0);
  EXPECT_EQ(inv["app_id"], app_);
  EXPECT_EQ(inv["email"], "new.person@example.com");
  EXPECT_EQ(inv["role"], "editor");
  EXPECT_EQ(inv["invited_by"], owner_.user_id);
  EXPECT_EQ(std::string(inv["created_at"].as_string()).back(), 'Z');
  EXPECT_EQ(inv["expires_at"].as_string(), core::FormatTimestamp(clock_->Now() + 604800))
      << "INVITATION_TTL defaults to 604800 s";
  EXPECT_EQ(inv.size(), 7u);

  auto mail = sink_.WaitFor("new.person@example.com", "invited to join");
  ASSERT_TRUE(mail.has_value());
  EXPECT_NE(mail->Header("Subject").find("Team Space"), std::string::npos);
  EXPECT_NE(mail->data.find("owner@example.com invited you"), std::string::npos);
  EXPECT_NE(mail->data.find("expires in 7 days"), std::string::npos);
  std::string token = TokenFromMail(*mail, kLink);
  ASSERT_GE(token.size(), 43u) << "32 random bytes, base64url";
  RememberSecret(token);

  // Only the hash is stored, and the mail's copy is scrubbed once delivered.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM app_invitations WHERE token_hash = '" + token + "'"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM app_invitations WHERE token_hash = '" +
                  core::Sha256Hex(token) + "'"),
            1);
  for (int i = 0; i < 50; ++i) {
    if (Count("SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NULL") == 0) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM email_outbox WHERE body_text LIKE '%" + token +
                  "%' OR body_html LIKE '%" + token + "%'"),
            0);

  auto listed = Pending();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].as_object(), inv);

  auto events = server_->logs().WaitForEvents("apps.invitation.created", 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["app_id"], app_);
  EXPECT_EQ(events[0]["invitation_id"], inv["id"]);
  EXPECT_EQ(events[0]["user_id"], owner_.user_id);
  ExpectNoSecretsIn(server_->logs().All());
}

TEST_P(InvitationsTest, ListIsPendingOnlyNewestFirst) {
  Invite("a@example.com");
  clock_->Advance(1);
  std::string b = Invite("b@example.com", "viewer");
  clock_->Advance(1);
  std::string c = Invite("c@example.com");
  auto invitee = CreateUser(*server_, "b@example.com");
  ASSERT_EQ(Accept(invitee, b).status, 200);
  auto listed = Pending();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].at("email"), "c@example.com");
  EXPECT_EQ(listed[1].at("email"), "a@example.com");
  ASSERT_EQ(Call(owner_, "DELETE",
                 AppPath(app_, "/invitations/" + std::to_string(listed[0].at("id").as_int64())))
                .status,
            204);
  listed = Pending();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("email"), "a@example.com");
}

TEST_P(InvitationsTest, LookupShowsTheOfferToAnyoneHoldingTheToken) {
  std::string token = Invite("guest@example.com", "viewer");
  auto r = Lookup(token);  // no Authorization header
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = r.Json().as_object();
  EXPECT_EQ(body["app_name"], "Team Space");
  EXPECT_EQ(body["invited_by_email"], "owner@example.com");
  EXPECT_EQ(body["role"], "viewer");
  EXPECT_EQ(body["email"], "guest@example.com");
  EXPECT_EQ(body["expires_at"], Pending()[0].at("expires_at"));
  EXPECT_EQ(body["app_id"], app_);
  EXPECT_EQ(body.size(), 6u);

  ExpectCode(Lookup("not-a-token"), 400, "INVALID_TOKEN");
  ExpectCode(Lookup(token + "x"), 400, "INVALID_TOKEN");
  auto missing = client().PostJson("/api/v1/invitations/lookup", "{}");
  ExpectCode(missing, 400, "VALIDATION_ERROR");
  EXPECT_TRUE(missing.Json().at("errors").as_object().contains("token"));
  ExpectCode(client().PostJson("/api/v1/invitations/lookup", R"({"token": 5})"), 400,
             "VALIDATION_ERROR");
}

TEST_P(InvitationsTest, AcceptJoinsWithTheInvitedRoleOnce) {
  std::string token = Invite("joiner@example.com", "editor");
  // The invitee signs up only after the invitation was sent.
  auto joiner = CreateUser(*server_, "joiner@example.com");
  auto r = Accept(joiner, token);
  ASSERT_EQ(r.status, 200) << r.body;
  auto app = r.Json().as_object();
  EXPECT_EQ(app["id"], app_);
  EXPECT_EQ(app["name"], "Team Space");
  EXPECT_EQ(app["owner_id"], owner_.user_id);
  EXPECT_EQ(app["role"], "editor");
  EXPECT_EQ(Call(joiner, "GET", AppPath(app_)).Json().at("role"), "editor");
  EXPECT_EQ(Call(joiner, "PATCH", AppPath(app_), R"({"name":"Edited"})").status, 200);
  auto members = Call(owner_, "GET", AppPath(app_, "/collaborators")).Json().at("results");
  ASSERT_EQ(members.as_array().size(), 2u);
  EXPECT_EQ(members.at(1).at("user_id"), joiner.user_id);

  // Used up: every way in answers INVALID_TOKEN, and it is no longer pending.
  ExpectCode(Accept(joiner, token), 400, "INVALID_TOKEN");
  ExpectCode(Lookup(token), 400, "INVALID_TOKEN");
  EXPECT_TRUE(Pending().empty());

  auto events = server_->logs().WaitForEvents("apps.invitation.accepted", 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["user_id"], joiner.user_id);
  EXPECT_EQ(events[0]["app_id"], app_);
  ExpectNoSecretsIn(server_->logs().All());

  ExpectCode(client().PostJson("/api/v1/invitations/accept", JsonString({{"token", token}})), 401,
             "NOT_AUTHENTICATED");
  ExpectCode(Call(joiner, "POST", "/api/v1/invitations/accept", "{}"), 400, "VALIDATION_ERROR");
  ExpectCode(Accept(joiner, "unknown"), 400, "INVALID_TOKEN");
}

TEST_P(InvitationsTest, AcceptNeedsTheInvitedAddressCaseInsensitively) {
  std::string token = Invite("Right@Example.com", "viewer");
  auto other = CreateUser(*server_, "wrong@example.com");
  auto mismatch = Accept(other, token);
  ExpectCode(mismatch, 403, "INVITATION_EMAIL_MISMATCH");
  EXPECT_EQ(Call(other, "GET", AppPath(app_)).status, 404);
  EXPECT_EQ(Pending().size(), 1u) << "a mismatch leaves the invitation pending";
  EXPECT_EQ(Lookup(token).status, 200);

  // Typed as Right@Example.com, accepted by the account right@example.com.
  auto right = CreateUser(*server_, "right@example.com");
  auto r = Accept(right, token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json().at("role"), "viewer");
}

TEST_P(InvitationsTest, AcceptNeedsAVerifiedEmail) {
  std::string token = Invite("unverified@example.com");
  auto user = CreateUser(*server_, "unverified@example.com");
  ExecSql(*server_, "UPDATE users SET is_verified = 0 WHERE id = " + std::to_string(user.user_id));
  ExpectCode(Accept(user, token), 403, "EMAIL_NOT_VERIFIED");
  EXPECT_EQ(Pending().size(), 1u);
  ExecSql(*server_, "UPDATE users SET is_verified = 1 WHERE id = " + std::to_string(user.user_id));
  EXPECT_EQ(Accept(user, token).status, 200);
}

TEST_P(InvitationsTest, AMemberAlreadyIsAConflictAndUsesTheInvitationUp) {
  auto member = CreateUser(*server_, "member@example.com");
  ASSERT_EQ(Call(owner_, "POST", AppPath(app_, "/collaborators"),
                 JsonString({{"email", "member@example.com"}, {"role", "viewer"}}))
                .status,
            201);
  ExpectCode(PostInvite(owner_, app_, "MEMBER@example.com"), 409, "ALREADY_COLLABORATOR");

  // Invited first, added by hand meanwhile, then accepts: 409, and the invitation is spent.
  auto late = CreateUser(*server_, "late@example.com");
  std::string token = Invite("late@example.com", "editor");
  ASSERT_EQ(Call(owner_, "POST", AppPath(app_, "/collaborators"),
                 JsonString({{"email", "late@example.com"}, {"role", "viewer"}}))
                .status,
            201);
  ExpectCode(Accept(late, token), 409, "ALREADY_COLLABORATOR");
  EXPECT_EQ(Call(late, "GET", AppPath(app_)).Json().at("role"), "viewer") << "role unchanged";
  ExpectCode(Lookup(token), 400, "INVALID_TOKEN");
  ExpectCode(Accept(late, token), 400, "INVALID_TOKEN");
  EXPECT_TRUE(Pending().empty());
  (void)member;
}

TEST_P(InvitationsTest, CreateRefusals) {
  auto own = PostInvite(owner_, app_, " OWNER@Example.com ");
  ExpectCode(own, 400, "VALIDATION_ERROR");
  EXPECT_TRUE(own.Json().at("errors").as_object().contains("email"));
  for (std::string role : {"owner", "admin", ""}) {
    auto bad = PostInvite(owner_, app_, "x@example.com", role);
    ExpectCode(bad, 400, "VALIDATION_ERROR");
    EXPECT_TRUE(bad.Json().at("errors").as_object().contains("role")) << role;
  }
  for (std::string email :
       {std::string("not-an-email"), std::string(), std::string(250, 'a') + "@x.io"}) {
    auto bad = PostInvite(owner_, app_, email);
    ExpectCode(bad, 400, "VALIDATION_ERROR");
    EXPECT_TRUE(bad.Json().at("errors").as_object().contains("email")) << email;
  }
  ExpectCode(Call(owner_, "POST", AppPath(app_, "/invitations"), R"({"email":"x@example.com"})"),
             400, "VALIDATION_ERROR");
  ExpectCode(client().Send("POST", AppPath(app_, "/invitations"), "email=x",
                           {{"Authorization", "Bearer " + owner_.access},
                            {"Content-Type", "application/x-www-form-urlencoded"}}),
             415, "UNSUPPORTED_MEDIA_TYPE");

  Invite("dup@example.com");
  ExpectCode(PostInvite(owner_, app_, "Dup@Example.com", "viewer"), 409, "ALREADY_INVITED");
  // The same address on another app of the owner is another invitation.
  std::int64_t second = CreateApp(owner_, "Second");
  Invite("dup@example.com", "viewer", second);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM app_invitations WHERE email = 'dup@example.com'"), 2);
  EXPECT_TRUE(Count("SELECT COUNT(*) FROM email_outbox WHERE to_address = 'x@example.com'") == 0)
      << "a refused create mails nothing";
}

TEST_P(InvitationsTest, FiftyPendingPerAppAtMost) {
  for (int i = 1; i <= 50; ++i) {
    auto r = PostInvite(owner_, app_, "p" + std::to_string(i) + "@example.com");
    ASSERT_EQ(r.status, 201) << i << " " << r.body;
  }
  auto over = PostInvite(owner_, app_, "p51@example.com");
  ExpectCode(over, 409, "TOO_MANY_INVITATIONS");
  EXPECT_EQ(over.Json().at("limit"), 50);
  EXPECT_EQ(Pending().size(), 50u);
  // Another app has its own 50.
  std::int64_t other = CreateApp(owner_, "Other");
  EXPECT_EQ(PostInvite(owner_, other, "p51@example.com").status, 201);
  // A revoke makes room; so does the passing of time.
  auto id = Pending()[0].at("id").as_int64();
  ASSERT_EQ(Call(owner_, "DELETE", AppPath(app_, "/invitations/" + std::to_string(id))).status,
            204);
  EXPECT_EQ(PostInvite(owner_, app_, "p51@example.com").status, 201);
  ExpectCode(PostInvite(owner_, app_, "p52@example.com"), 409, "TOO_MANY_INVITATIONS");
  clock_->Advance(604800);
  owner_ = Relogin("owner@example.com");
  EXPECT_EQ(PostInvite(owner_, app_, "p52@example.com").status, 201);
}

TEST_P(InvitationsTest, OwnerOnlyLikeTheCollaboratorRoutes) {
  auto editor = CreateUser(*server_, "editor@example.com");
  auto stranger = CreateUser(*server_, "stranger@example.com");
  ASSERT_EQ(Call(owner_, "POST", AppPath(app_, "/collaborators"),
                 JsonString({{"email", "editor@example.com"}, {"role", "editor"}}))
                .status,
            201);
  Invite("someone@example.com");
  const std::string id = std::to_string(Pending()[0].at("id").as_int64());
  const std::string body = JsonString({{"email", "new@example.com"}, {"role", "viewer"}});

  for (const auto& [who, status, code] :
       {std::tuple{&editor, 403, "PERMISSION_DENIED"}, std::tuple{&stranger, 404, "NOT_FOUND"}}) {
    ExpectCode(Call(*who, "POST", AppPath(app_, "/invitations"), body), status, code);
    ExpectCode(Call(*who, "GET", AppPath(app_, "/invitations")), status, code);
    ExpectCode(Call(*who, "DELETE", AppPath(app_, "/invitations/" + id)), status, code);
  }
  ExpectCode(Call(owner_, "POST", AppPath(999999, "/invitations"), body), 404, "NOT_FOUND");
  ExpectCode(client().Get(AppPath(app_, "/invitations")), 401, "NOT_AUTHENTICATED");
  ExpectCode(client().Send("DELETE", AppPath(app_, "/invitations/" + id)), 401,
             "NOT_AUTHENTICATED");
  ExpectCode(client().PostJson(AppPath(app_, "/invitations"), body), 401, "NOT_AUTHENTICATED");
  EXPECT_EQ(Pending().size(), 1u) << "nothing was created or revoked";
}

TEST_P(InvitationsTest, RevokeKillsTheToken) {
  std::string token = Invite("revoked@example.com");
  auto invitee = CreateUser(*server_, "revoked@example.com");
  const auto id = Pending()[0].at("id").as_int64();
  const std::string path = AppPath(app_, "/invitations/" + std::to_string(id));
  std::int64_t other = CreateApp(owner_, "Other");
  ExpectCode(Call(owner_, "DELETE", AppPath(other, "/invitations/" + std::to_string(id))), 404,
             "NOT_FOUND");
  ExpectCode(Call(owner_, "DELETE", AppPath(app_, "/invitations/999999")), 404, "NOT_FOUND");

  EXPECT_EQ(Call(owner_, "DELETE", path).status, 204);
  ExpectCode(Lookup(token), 400, "INVALID_TOKEN");
  ExpectCode(Accept(invitee, token), 400, "INVALID_TOKEN");
  ExpectCode(Call(owner_, "DELETE", path), 404, "NOT_FOUND");
  EXPECT_TRUE(Pending().empty());
  auto events = server_->logs().WaitForEvents("apps.invitation.revoked", 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["invitation_id"], id);

  // A fresh invitation for the address works, with a new token.
  std::string again = Invite("revoked@example.com", "viewer");
  EXPECT_NE(again, token);
  EXPECT_EQ(Accept(invitee, again).Json().at("role"), "viewer");
  // An accepted invitation is not pending either.
  const auto accepted_id = Count("SELECT MAX(id) FROM app_invitations");
  ExpectCode(Call(owner_, "DELETE", AppPath(app_, "/invitations/" + std::to_string(accepted_id))),
             404, "NOT_FOUND");
}

TEST_P(InvitationsTest, ExpiredInvitationsAreDeadAndDoNotBlockANewOne) {
  std::string token = Invite("late@example.com");
  auto invitee = CreateUser(*server_, "late@example.com");
  const auto id = Pending()[0].at("id").as_int64();
  clock_->Advance(604800 - 1);
  EXPECT_EQ(Lookup(token).status, 200) << "still valid one second before expires_at";
  clock_->Advance(1);
  owner_ = Relogin("owner@example.com");
  invitee = Relogin("late@example.com");
  ExpectCode(Lookup(token), 400, "INVALID_TOKEN");
  ExpectCode(Accept(invitee, token), 400, "INVALID_TOKEN");
  EXPECT_TRUE(Pending().empty());
  ExpectCode(Call(owner_, "DELETE", AppPath(app_, "/invitations/" + std::to_string(id))), 404,
             "NOT_FOUND");
  std::string fresh = Invite("late@example.com", "viewer");
  EXPECT_EQ(Accept(invitee, fresh).status, 200);
  ExpectCode(Accept(invitee, token), 400, "INVALID_TOKEN");
}

TEST_P(InvitationsTest, DeletingTheAppKillsItsInvitations) {
  std::string token = Invite("gone@example.com");
  Invite("gone2@example.com");
  auto invitee = CreateUser(*server_, "gone@example.com");
  ASSERT_EQ(Call(owner_, "DELETE", AppPath(app_)).status, 204);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM app_invitations"), 0);
  ExpectCode(Lookup(token), 400, "INVALID_TOKEN");
  ExpectCode(Accept(invitee, token), 400, "INVALID_TOKEN");
}

TEST_P(InvitationsTest, InvitationsNeverCountTowardAppLimits) {
  // The owner at the plan's limit (3) can still invite.
  CreateApp(owner_, "two");
  CreateApp(owner_, "three");
  std::string token = Invite("limited@example.com");
  // An invitee allowed no apps of their own can still join one.
  auto invitee = CreateUser(*server_, "limited@example.com");
  ExecSql(*server_,
          "UPDATE users SET app_limit_override = 0 WHERE id = " + std::to_string(invitee.user_id));
  ASSERT_EQ(Accept(invitee, token).status, 200);
  auto me = Call(invitee, "GET", "/api/v1/auth/me").Json().as_object();
  EXPECT_EQ(me["app_count"], 0);
  EXPECT_EQ(me["app_limit"], 0);
  ExpectCode(Call(invitee, "POST", "/api/v1/apps", R"({"name":"mine"})"), 403, "APP_LIMIT_REACHED");
  EXPECT_EQ(Call(owner_, "GET", "/api/v1/auth/me").Json().at("app_count"), 3);
}

TEST_P(InvitationsTest, TheMailCannotBeShapedByTheAppName) {
  std::int64_t app = CreateApp(owner_, "Evil\r\nBcc: victim@example.com\r\n<b>bold</b>");
  auto r = PostInvite(owner_, app, "target@example.com");
  ASSERT_EQ(r.status, 201) << r.body;
  auto mail = sink_.WaitFor("target@example.com", "invited to join");
  ASSERT_TRUE(mail.has_value());
  EXPECT_EQ(mail->to, std::vector<std::string>{"target@example.com"});
  EXPECT_EQ(mail->data.find("\nBcc:"), std::string::npos);
  auto html_at = mail->data.find("Content-Type: text/html");
  ASSERT_NE(html_at, std::string::npos);
  std::string html = mail->data.substr(html_at);
  EXPECT_EQ(html.find("<b>bold</b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(mail->Header("Subject").find("Evil  Bcc: victim@example.com"), std::string::npos);
}

// Two (here six) accepts of one token at once: exactly one joins, the others get INVALID_TOKEN.
TEST_P(InvitationsTest, ConcurrentAcceptsOfOneTokenOneWins) {
  auto invitee = CreateUser(*server_, "racer@example.com");
  for (int round = 0; round < 3; ++round) {
    std::int64_t app = round == 0 ? app_ : CreateApp(owner_, "race " + std::to_string(round));
    std::string token = Invite("racer@example.com", "viewer", app);
    std::atomic<bool> go{false};
    std::atomic<int> ok{0}, invalid{0}, other{0};
    std::vector<std::thread> threads;
    const std::uint16_t port = server_->port();
    for (int i = 0; i < 6; ++i) {
      threads.emplace_back([&] {
        HttpClient c(port);
        while (!go) std::this_thread::yield();
        auto r = c.Send(
            "POST", "/api/v1/invitations/accept", JsonString({{"token", token}}),
            {{"Authorization", "Bearer " + invitee.access}, {"Content-Type", "application/json"}});
        if (r.status == 200) {
          ++ok;
        } else if (r.status == 400 && r.Json().at("code") == "INVALID_TOKEN") {
          ++invalid;
        } else {
          ++other;
        }
      });
    }
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok, 1) << "round " << round;
    EXPECT_EQ(invalid, 5) << "round " << round;
    EXPECT_EQ(other, 0) << "round " << round;
    EXPECT_EQ(Count("SELECT COUNT(*) FROM app_members WHERE app_id = " + std::to_string(app) +
                    " AND user_id = " + std::to_string(invitee.user_id)),
              1);
  }
}

// Creates of one address at once: one invitation, the rest ALREADY_INVITED; creates of several
// addresses at the cap: never past 50 pending.
TEST_P(InvitationsTest, ConcurrentCreatesOneWinsAndTheCapHolds) {
  auto race = [&](std::vector<std::string> emails, int* created, int* invited, int* too_many) {
    std::atomic<bool> go{false};
    std::atomic<int> c{0}, i{0}, t{0}, other{0};
    std::vector<std::thread> threads;
    const std::uint16_t port = server_->port();
    for (const auto& email : emails) {
      threads.emplace_back([&, email] {
        HttpClient conn(port);
        while (!go) std::this_thread::yield();
        auto r = conn.Send(
            "POST", AppPath(app_, "/invitations"),
            JsonString({{"email", email}, {"role", "viewer"}}),
            {{"Authorization", "Bearer " + owner_.access}, {"Content-Type", "application/json"}});
        std::string code = r.status >= 400 ? std::string(r.Json().at("code").as_string()) : "";
        if (r.status == 201) {
          ++c;
        } else if (code == "ALREADY_INVITED") {
          ++i;
        } else if (code == "TOO_MANY_INVITATIONS") {
          ++t;
        } else {
          ++other;
          ADD_FAILURE() << r.status << " " << r.body;
        }
      });
    }
    go = true;
    for (auto& th : threads) th.join();
    *created = c;
    *invited = i;
    *too_many = t;
  };
  int created = 0, invited = 0, too_many = 0;
  race(std::vector<std::string>(8, "same@example.com"), &created, &invited, &too_many);
  EXPECT_EQ(created, 1);
  EXPECT_EQ(invited, 7);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM app_invitations WHERE email = 'same@example.com'"), 1);

  for (int n = 2; n <= 47; ++n) {
    ASSERT_EQ(PostInvite(owner_, app_, "f" + std::to_string(n) + "@example.com").status, 201);
  }
  std::vector<std::string> last;
  for (int n = 0; n < 6; ++n) last.push_back("last" + std::to_string(n) + "@example.com");
  race(last, &created, &invited, &too_many);
  EXPECT_EQ(created, 3);
  EXPECT_EQ(too_many, 3);
  EXPECT_EQ(Pending().size(), 50u);
}

INSTANTIATE_TEST_SUITE_P(Engines, InvitationsTest, kEngines, EngineName);

// INVITATION_TTL sets the lifetime (and the mail says it); the rate limits apply when enabled.
class InvitationsConfiguredTest : public InvitationsTest {
 protected:
  void SetUp() override { Start({{"INVITATION_TTL", "3600"}, {"RATE_LIMIT_ENABLED", "true"}}); }
};

TEST_P(InvitationsConfiguredTest, TtlFromTheEnvironment) {
  auto r = PostInvite(owner_, app_, "ttl@example.com");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json().at("expires_at").as_string(), core::FormatTimestamp(clock_->Now() + 3600));
  auto mail = sink_.WaitFor("ttl@example.com", "invited to join");
  ASSERT_TRUE(mail.has_value());
  EXPECT_NE(mail->data.find("expires in 1 hour"), std::string::npos);
  std::string token = TokenFromMail(*mail, kLink);
  clock_->Advance(3600);
  ExpectCode(Lookup(token), 400, "INVALID_TOKEN");
}

TEST_P(InvitationsConfiguredTest, TwentyCreatesPerHourPerOwner) {
  for (int i = 0; i < 20; ++i) {
    auto r = PostInvite(owner_, app_, "r" + std::to_string(i) + "@example.com");
    ASSERT_EQ(r.status, 201) << i << " " << r.body;
  }
  auto limited = PostInvite(owner_, app_, "r20@example.com");
  ExpectCode(limited, 429, "RATE_LIMITED");
  EXPECT_TRUE(limited.Header("Retry-After").has_value());
  EXPECT_GT(limited.Json().at("retry_after").as_int64(), 0);
  // Per owner: another owner is not limited by this one.
  auto second = CreateUser(*server_, "second@example.com");
  std::int64_t theirs = CreateApp(second, "Theirs");
  EXPECT_EQ(PostInvite(second, theirs, "r20@example.com").status, 201);
  clock_->Advance(180);  // one attempt back every 3600 / 20 s
  EXPECT_EQ(PostInvite(owner_, app_, "r20@example.com").status, 201);
}

TEST_P(InvitationsConfiguredTest, TenLookupsPerMinutePerIp) {
  for (int i = 0; i < 10; ++i) ExpectCode(Lookup("nope" + std::to_string(i)), 400, "INVALID_TOKEN");
  auto limited = Lookup("nope");
  ExpectCode(limited, 429, "RATE_LIMITED");
  EXPECT_TRUE(limited.Header("Retry-After").has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, InvitationsConfiguredTest, kEngines, EngineName);

// RATE_LIMIT_ENABLED=false turns the invitation limits off too.
TEST_P(InvitationsTest, RateLimitsOffWhenDisabled) {
  for (int i = 0; i < 25; ++i) {
    ASSERT_EQ(PostInvite(owner_, app_, "u" + std::to_string(i) + "@example.com").status, 201) << i;
  }
  for (int i = 0; i < 15; ++i) ExpectCode(Lookup("nope"), 400, "INVALID_TOKEN");
}

}  // namespace
}  // namespace plangate::test

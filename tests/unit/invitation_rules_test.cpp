// The pure rules of invitations: pending, address comparison, the order of create refusals, the
// request readers, and the invitation email's text.

#include <gtest/gtest.h>

#include "apps/invitation.h"
#include "apps/invitation_requests.h"
#include "http/errors.h"
#include "mail/invitation_email.h"

namespace plangate {
namespace {

using apps::InviteRefusal;

http::Request JsonRequest(std::string body) {
  http::Request r;
  r.method = http::Method::kPost;
  r.body = std::move(body);
  r.headers.push_back({"Content-Type", "application/json"});
  return r;
}

TEST(InvitationRulesTest, PendingUntilAcceptedRevokedOrExpired) {
  apps::Invitation i;
  i.expires_at = 1000;
  EXPECT_TRUE(apps::IsPending(i, 999));
  EXPECT_FALSE(apps::IsPending(i, 1000)) << "expired from the second of expires_at";
  i.accepted = true;
  EXPECT_FALSE(apps::IsPending(i, 0));
  i.accepted = false;
  i.revoked = true;
  EXPECT_FALSE(apps::IsPending(i, 0));
}

TEST(InvitationRulesTest, AddressesCompareCaseInsensitively) {
  EXPECT_TRUE(apps::SameAddress("Ann@Example.COM", "ann@example.com"));
  EXPECT_FALSE(apps::SameAddress("ann@example.com", "anne@example.com"));
  EXPECT_FALSE(apps::SameAddress("ann@example.com", "ann@example.com "));
}

TEST(InvitationRulesTest, RefusalsInContractOrder) {
  EXPECT_EQ(apps::CheckInvite("o@x.io", "O@X.io", true, true, 50), InviteRefusal::kOwnAddress);
  EXPECT_EQ(apps::CheckInvite("o@x.io", "m@x.io", true, true, 50), InviteRefusal::kAlreadyMember);
  EXPECT_EQ(apps::CheckInvite("o@x.io", "m@x.io", false, true, 50), InviteRefusal::kAlreadyInvited);
  EXPECT_EQ(apps::CheckInvite("o@x.io", "m@x.io", false, false, 50), InviteRefusal::kTooMany);
  EXPECT_EQ(apps::CheckInvite("o@x.io", "m@x.io", false, false, 49), InviteRefusal::kNone);
}

TEST(InvitationRequestsTest, CreateNormalisesTheEmailAndTakesEditorOrViewer) {
  auto in = apps::ReadCreateInvitationRequest(
      JsonRequest(R"({"email": "  Bob@Example.COM ", "role": "viewer", "extra": 1})"));
  EXPECT_EQ(in.email, "bob@example.com");
  EXPECT_EQ(in.role, apps::Role::kViewer);
  for (const char* body : {R"({"email": "b@x.io", "role": "owner"})", R"({"email": "b@x.io"})",
                           R"({"email": "nope", "role": "editor"})", R"({"role": "editor"})"}) {
    try {
      apps::ReadCreateInvitationRequest(JsonRequest(body));
      ADD_FAILURE() << body;
    } catch (const http::ApiError& e) {
      EXPECT_EQ(e.status(), 400) << body;
      EXPECT_EQ(e.code(), "VALIDATION_ERROR") << body;
    }
  }
}

TEST(InvitationRequestsTest, TokenIsARequiredBoundedString) {
  EXPECT_EQ(apps::ReadInvitationTokenRequest(JsonRequest(R"({"token": " abc "})")).token, "abc");
  for (std::string body :
       {std::string("{}"), std::string(R"({"token": ""})"), std::string(R"({"token": 7})"),
        std::string(R"({"token": null})"), R"({"token": ")" + std::string(257, 'a') + R"("})"}) {
    try {
      apps::ReadInvitationTokenRequest(JsonRequest(body));
      ADD_FAILURE() << body;
    } catch (const http::ApiError& e) {
      EXPECT_EQ(e.code(), "VALIDATION_ERROR") << body;
    }
  }
}

TEST(InvitationEmailTest, OneLineRemovesLineBreaksOfEveryKind) {
  EXPECT_EQ(mail::OneLine("a\r\nb\tc\x7f"), "a  b c ");
  EXPECT_EQ(mail::OneLine("x\xc2\x85y\xe2\x80\xa8z\xe2\x80\xa9"), "x y z ");
  EXPECT_EQ(mail::OneLine("caf\xc3\xa9 \xe2\x80\x94 ok"), "caf\xc3\xa9 \xe2\x80\x94 ok");
  EXPECT_EQ(mail::OneLine("\xe2\x80"), "\xe2\x80") << "a truncated sequence is left alone";
}

TEST(InvitationEmailTest, DurationTextUsesTheLargestWholeUnit) {
  EXPECT_EQ(mail::DurationText(604800), "7 days");
  EXPECT_EQ(mail::DurationText(86400), "1 day");
  EXPECT_EQ(mail::DurationText(3600), "1 hour");
  EXPECT_EQ(mail::DurationText(5400), "90 minutes");
  EXPECT_EQ(mail::DurationText(61), "61 seconds");
}

TEST(InvitationEmailTest, LinkRoleAndEscapedNames) {
  auto m = mail::Invitation("to@x.io", "https://app.example", "TOKEN_123", "A <b>\r\nB", "o@x.io",
                            "editor", 604800);
  EXPECT_EQ(m.to, "to@x.io");
  EXPECT_EQ(m.subject, "You are invited to join \"A <b>  B\"");
  EXPECT_NE(m.text.find("https://app.example/invitations/accept?token=TOKEN_123"),
            std::string::npos);
  EXPECT_NE(m.text.find("o@x.io invited you to join \"A <b>  B\" as editor."), std::string::npos);
  EXPECT_NE(m.text.find("expires in 7 days"), std::string::npos);
  EXPECT_NE(m.html.find("<strong>A &lt;b&gt;  B</strong>"), std::string::npos);
  EXPECT_EQ(m.html.find("<b>"), std::string::npos);
  EXPECT_FALSE(m.discard);
}

}  // namespace
}  // namespace plangate

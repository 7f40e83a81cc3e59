// Pure rules of the v1.1 account features: the stored User-Agent, the email-change mails, the
// Stripe customer update backoff.

#include <gtest/gtest.h>

#include "auth/devices.h"
#include "billing/customer_email_sync.h"
#include "mail/account_templates.h"

namespace plangate {
namespace {

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(DevicesTest, UserAgentIsCutTo256CodePointsNeverInsideOne) {
  EXPECT_EQ(auth::StoredUserAgent("Mozilla/5.0 (X11)"), "Mozilla/5.0 (X11)");
  EXPECT_EQ(auth::StoredUserAgent(""), "");
  EXPECT_EQ(auth::StoredUserAgent(std::string(300, 'a')), std::string(256, 'a'));
  EXPECT_EQ(auth::StoredUserAgent(std::string(256, 'a')), std::string(256, 'a'));
  // Two-, three- and four-byte characters count once each.
  EXPECT_EQ(auth::StoredUserAgent(Repeat("\xC3\xA9", 300)), Repeat("\xC3\xA9", 256));
  EXPECT_EQ(auth::StoredUserAgent(Repeat("\xE2\x82\xAC", 257)), Repeat("\xE2\x82\xAC", 256));
  EXPECT_EQ(auth::StoredUserAgent(Repeat("\xF0\x9F\x98\x80", 260)),
            Repeat("\xF0\x9F\x98\x80", 256));
  EXPECT_EQ(auth::StoredUserAgent(std::string(255, 'a') + "\xC3\xA9\xC3\xA9"),
            std::string(255, 'a') + "\xC3\xA9");
}

TEST(DevicesTest, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(auth::StoredUserAgent("a\xFF"
                                  "b"),
            "a" + r + "b");
  EXPECT_EQ(auth::StoredUserAgent("\xC3"), r);                          // cut short
  EXPECT_EQ(auth::StoredUserAgent("\xC0\xAF"), r + r);                  // overlong '/'
  EXPECT_EQ(auth::StoredUserAgent("\xED\xA0\x80"), r + r + r);          // a surrogate
  EXPECT_EQ(auth::StoredUserAgent("\xF4\x90\x80\x80"), r + r + r + r);  // above U+10FFFF
  EXPECT_EQ(auth::StoredUserAgent(std::string(300, '\xFF')), Repeat(r, 256));
}

TEST(AccountMailTest, EmailChangeMailsCarryTheContractLinkAndEscapeHtml) {
  auto confirm =
      mail::EmailChangeConfirm("new@example.com", "https://app.example.com", "TOK-1_2", 24);
  EXPECT_EQ(confirm.to, "new@example.com");
  EXPECT_NE(confirm.text.find("https://app.example.com/confirm-email-change?token=TOK-1_2"),
            std::string::npos);
  EXPECT_NE(confirm.html.find("https://app.example.com/confirm-email-change?token=TOK-1_2"),
            std::string::npos);
  EXPECT_NE(confirm.text.find("24 hours"), std::string::npos);

  auto notice = mail::EmailChangeRequested("old@example.com", "<b>x</b>@example.com",
                                           "https://app.example.com");
  EXPECT_EQ(notice.to, "old@example.com");
  EXPECT_EQ(notice.html.find("<b>x</b>@"), std::string::npos) << "the address is escaped";
  EXPECT_NE(notice.html.find("&lt;b&gt;x&lt;/b&gt;@example.com"), std::string::npos);
  EXPECT_NE(notice.text.find("https://app.example.com/forgot-password"), std::string::npos);
  EXPECT_EQ(notice.text.find("token="), std::string::npos);

  auto taken = mail::EmailChangeAddressTaken("taken@example.com", "https://app.example.com");
  EXPECT_EQ(taken.to, "taken@example.com");
  EXPECT_EQ(taken.text.find("token="), std::string::npos);
  EXPECT_EQ(taken.html.find("confirm-email-change"), std::string::npos);
}

}  // namespace
}  // namespace plangate

// Pure rules of the auth area and its HTTP helpers.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <random>

#include "app/crypto.h"
#include "auth/handlers.h"
#include "auth/password_policy.h"
#include "http/client_ip.h"
#include "http/cookies.h"
#include "http/errors.h"
#include "http/fields.h"
#include "mail/delivery.h"
#include "mail/senders.h"
#include "mail/templates.h"

namespace plangate {
namespace {

class NothingIsCommon final : public auth::CommonPasswordCheck {
 public:
  std::string Weakness(std::string_view, std::string_view) const override { return ""; }
};

TEST(PasswordPolicyTest, RulesWithoutTheDictionary) {
  NothingIsCommon none;
  auto problems = [&](std::string pw) {
    return auth::PasswordProblems(pw, "jane.doe@example.com", none);
  };
  EXPECT_TRUE(problems("Sturdy-Pass-77").empty());
  EXPECT_FALSE(problems("short1!").empty());
  EXPECT_FALSE(problems(std::string(129, 'k')).empty());
  EXPECT_TRUE(problems(std::string(128, 'k')).empty());
  EXPECT_FALSE(problems("8675309123").empty());
  EXPECT_FALSE(problems("jane.doe@example.com").empty());
  EXPECT_FALSE(problems("JANE.DOE").empty());
  // 8 code points of multi-byte UTF-8 is long enough; 7 is not.
  EXPECT_TRUE(problems("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9").empty());
  EXPECT_FALSE(problems("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9").empty());
}

TEST(PasswordPolicyTest, CracklibRejectsTheDebianDictionarysCommonPasswords) {
  auth::CracklibCheck cracklib;
  for (auto pw : {"password", "iloveyou", "qwertyuiop", "letmein123", "Password1"}) {
    EXPECT_FALSE(cracklib.Weakness(pw, "x@example.com").empty()) << pw;
  }
  EXPECT_TRUE(cracklib.Weakness("Correct-Horse-Battery-9", "x@example.com").empty());
}

// Django's NumericPasswordValidator uses str.isdigit(): any Unicode decimal digit counts.
TEST(PasswordPolicyTest, UnicodeDigitsAreNumericToo) {
  NothingIsCommon none;
  auto problems = [&](std::string pw) { return auth::PasswordProblems(pw, "x@example.com", none); };
  // Fullwidth 1..9 (U+FF11..U+FF19), Arabic-Indic 0..9 (U+0660..U+0669), Devanagari, and a mix
  // of scripts with ASCII: each is entirely numeric.
  EXPECT_FALSE(problems("\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18\uFF19").empty());
  EXPECT_FALSE(problems("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669").empty());
  EXPECT_FALSE(problems("\u0966\u0967\u0968\u0969\u096A\u096B\u096C\u096D").empty());
  EXPECT_FALSE(problems("12\uFF13\u06644\U0001D7CE\U0001D7D9\u09E6").empty());
  // A letter, or a digit-like character that is not a decimal digit (superscript two, Roman
  // numeral one), makes it not numeric.
  EXPECT_TRUE(problems("\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18x").empty());
  EXPECT_TRUE(problems("1234567\u00B2").empty());
  EXPECT_TRUE(problems("1234567\u2160").empty());
}

TEST(FieldsTest, EmailValidation) {
  for (auto good : {"a@b.co", "first.last+tag@sub.example.com", "x_y-z@ex-ample.org"}) {
    EXPECT_TRUE(http::IsValidEmail(good)) << good;
  }
  for (auto bad : {"", "plain", "@example.com", "a@", "a@b", "a b@example.com", "a@exa mple.com",
                   "a..b@example.com", ".a@example.com", "a@-example.com", "a@example..com",
                   "a\"b@example.com"}) {
    EXPECT_FALSE(http::IsValidEmail(bad)) << bad;
  }
}

TEST(FieldsTest, ReaderCollectsEveryProblem) {
  auto body = boost::json::parse(R"({"name":"  hi  ","n":5,"b":"yes","z":null,"nul":"a\u0000b"})")
                  .as_object();
  http::FieldReader f(body);
  EXPECT_EQ(f.String("name"), "hi");
  f.String("n");
  f.OptionalBool("b");
  f.String("z");
  f.String("missing");
  f.String("nul");
  try {
    f.Finish();
    FAIL();
  } catch (const http::ApiError& e) {
    auto errors = e.extra().at("errors").as_object();
    EXPECT_EQ(errors.at("n").at(0), "Not a valid string.");
    EXPECT_EQ(errors.at("b").at(0), "Must be a valid boolean.");
    EXPECT_EQ(errors.at("z").at(0), "This field may not be null.");
    EXPECT_EQ(errors.at("missing").at(0), "This field is required.");
    EXPECT_EQ(errors.at("nul").at(0), "Null characters are not allowed.");
    EXPECT_FALSE(errors.contains("name"));
  }
}

TEST(FieldsTest, LengthsCountCodePoints) {
  auto body = boost::json::parse(R"({"s":"\u00e9\u00e9\u00e9"})").as_object();
  http::FieldReader ok(body);
  EXPECT_EQ(ok.String("s", {1, 3, true}), "\xc3\xa9\xc3\xa9\xc3\xa9");
  EXPECT_FALSE(ok.HasErrors());
  http::FieldReader too_long(body);
  too_long.String("s", {1, 2, true});
  EXPECT_TRUE(too_long.HasErrors());
}

TEST(ClientIpTest, PeerUnlessTrustedProxy) {
  http::TrustedProxies none({});
  EXPECT_EQ(http::ClientIp("10.0.0.1", "1.2.3.4", none), "10.0.0.1");
  http::TrustedProxies proxies({"10.0.0.0/8", "::1", "2001:db8::/32"});
  EXPECT_EQ(http::ClientIp("10.1.2.3", std::nullopt, proxies), "10.1.2.3");
  EXPECT_EQ(http::ClientIp("10.1.2.3", "1.2.3.4", proxies), "1.2.3.4");
  // Right-most untrusted entry: a client cannot spoof by prepending.
  EXPECT_EQ(http::ClientIp("10.1.2.3", "6.6.6.6, 1.2.3.4, 10.9.9.9", proxies), "1.2.3.4");
  EXPECT_EQ(http::ClientIp("::1", "2001:db8::5, 2001:db9::7", proxies), "2001:db9::7");
  EXPECT_EQ(http::ClientIp("192.168.1.1", "1.2.3.4", proxies), "192.168.1.1");
  EXPECT_EQ(http::ClientIp("10.1.2.3", "garbage", proxies), "10.1.2.3");
  EXPECT_EQ(http::ClientIp("10.1.2.3", "10.2.2.2, 10.3.3.3", proxies), "10.1.2.3");
  // Several lines are one list, the last line right-most.
  std::vector<std::string_view> lines = {"6.6.6.6", "1.2.3.4, 10.9.9.9"};
  EXPECT_EQ(http::ClientIp("10.1.2.3", lines, proxies), "1.2.3.4");
  lines = {"6.6.6.6, 10.8.8.8", "10.9.9.9"};
  EXPECT_EQ(http::ClientIp("10.1.2.3", lines, proxies), "6.6.6.6");
  // Empty elements (and empty lines) are skipped, as RFC 9110 section 5.6.1 says.
  lines = {"1.2.3.4", "", " , 10.9.9.9"};
  EXPECT_EQ(http::ClientIp("10.1.2.3", lines, proxies), "1.2.3.4");
  EXPECT_TRUE(proxies.Contains("::ffff:10.0.0.1"));
  EXPECT_THROW(http::TrustedProxies({"10.0.0.0/33"}), std::invalid_argument);
  EXPECT_THROW(http::TrustedProxies({"not-an-ip"}), std::invalid_argument);
}

TEST(CookiesTest, SetAndParse) {
  http::CookieOptions o;
  o.path = "/api/v1/auth";
  o.max_age = 604800;
  o.secure = true;
  o.same_site = "Strict";
  EXPECT_EQ(
      http::SetCookieValue("refresh_token", "abc", o),
      "refresh_token=abc; Path=/api/v1/auth; Max-Age=604800; HttpOnly; Secure; SameSite=Strict");
  o.max_age = 0;
  o.secure = false;
  EXPECT_NE(
      http::SetCookieValue("refresh_token", "", o).find("Max-Age=0; Expires=Thu, 01 Jan 1970"),
      std::string::npos);
  EXPECT_EQ(http::CookieValue("a=1; refresh_token=xyz; b=2", "refresh_token"), "xyz");
  EXPECT_EQ(http::CookieValue("refresh_tokenx=1;refresh_token=\"q\"", "refresh_token"), "q");
  EXPECT_FALSE(http::CookieValue("a=1", "refresh_token"));
}

TEST(CsrfTest, OriginRules) {
  std::vector<std::string> cors = {"https://spa.example.com"};
  EXPECT_TRUE(auth::OriginAllowedForCookies("https://spa.example.com", "api.example.com", cors));
  EXPECT_TRUE(auth::OriginAllowedForCookies("https://api.example.com", "api.example.com", cors));
  EXPECT_TRUE(auth::OriginAllowedForCookies("http://127.0.0.1:8000", "127.0.0.1:8000", cors));
  EXPECT_FALSE(auth::OriginAllowedForCookies("https://evil.example.com", "api.example.com", cors));
  EXPECT_FALSE(auth::OriginAllowedForCookies("null", "api.example.com", cors));
  EXPECT_FALSE(
      auth::OriginAllowedForCookies("https://api.example.com.evil.com", "api.example.com", cors));
  EXPECT_FALSE(auth::OriginAllowedForCookies("https://api.example.com", std::nullopt, cors));
}

TEST(CryptoTest, Primitives) {
  EXPECT_EQ(app::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2: a key shorter than the block.
  EXPECT_EQ(app::ToHex(app::HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  std::string token = app::RandomToken(32);
  EXPECT_EQ(token.size(), 43u);
  EXPECT_NE(token, app::RandomToken(32));
  EXPECT_EQ(app::Base64UrlDecode(app::Base64UrlEncode("\x01\xff hi")), "\x01\xff hi");
  EXPECT_FALSE(app::Base64UrlDecode("a+b/"));
  EXPECT_TRUE(app::ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(app::ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(app::ConstantTimeEquals("abc", "abcd"));
}

TEST(MailTest, TemplatesCarryContractLinksAndEscapeHtml) {
  auto verify = mail::VerifyEmail("a@example.com", "https://app.example.com", "TOK-1_2", 48);
  EXPECT_NE(verify.text.find("https://app.example.com/verify-email?token=TOK-1_2"),
            std::string::npos);
  EXPECT_NE(verify.html.find("https://app.example.com/verify-email?token=TOK-1_2"),
            std::string::npos);
  auto reset = mail::PasswordReset("a@example.com", "https://app.example.com", "R", 60);
  EXPECT_NE(reset.text.find("https://app.example.com/reset-password?token=R"), std::string::npos);
  EXPECT_EQ(mail::HtmlEscape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  std::string mime = mail::BuildMime(
      {"to@example.com", "H\xc3\xa9llo\r\nBcc: evil@example.com", "line\n.dot", "<p>x</p>"},
      "Plangate <no-reply@example.com>", 0, "<id@x>");
  EXPECT_NE(mime.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_EQ(mime.find("\r\nBcc:"), std::string::npos) << "header injection";
  EXPECT_NE(mime.find("line\r\n.dot"), std::string::npos);
  EXPECT_EQ(mail::AddressOf("Plangate <no-reply@example.com>"), "no-reply@example.com");
}

TEST(MailTest, RetryBackoffGrowsAndIsCapped) {
  EXPECT_EQ(mail::Delivery::RetryDelay(1, 300), 5);
  EXPECT_EQ(mail::Delivery::RetryDelay(2, 300), 10);
  EXPECT_EQ(mail::Delivery::RetryDelay(3, 300), 20);
  EXPECT_EQ(mail::Delivery::RetryDelay(20, 300), 300);
  EXPECT_EQ(mail::Delivery::RetryDelay(5, 1), 1);
}

}  // namespace
}  // namespace plangate

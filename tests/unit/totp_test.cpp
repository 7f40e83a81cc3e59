// Two-factor sign-in's pure rules: RFC 6238 on liboath (with the RFC's own test vectors), the
// no-replay rule, the otpauth:// URI, recovery codes, and the mfa request bodies.

#include <gtest/gtest.h>

#include <set>

#include "auth/mfa_requests.h"
#include "auth/totp.h"
#include "http/errors.h"

namespace plangate {
namespace {

using namespace auth::totp;

// RFC 6238 Appendix B, HMAC-SHA1: the 20-byte ASCII seed, 8-digit codes.
TEST(TotpTest, Rfc6238Sha1TestVectors) {
  const std::string seed = "12345678901234567890";
  const std::vector<std::pair<std::int64_t, std::string>> vectors = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [time, code] : vectors) {
    EXPECT_EQ(CodeAtRaw(seed, time, 8), code) << "T=" << time;
    // The 6-digit code the service uses is the same truncation, mod 10^6.
    EXPECT_EQ(CodeAtRaw(seed, time, 6), code.substr(2)) << "T=" << time;
  }
}

TEST(TotpTest, MatchingStepAcceptsTheCurrentStepPlusMinusOne) {
  const std::string secret = Base32Encode("12345678901234567890");
  const std::int64_t now = 1111111111;  // step 37037037
  const std::int64_t step = now / 30;
  EXPECT_EQ(MatchingStep(secret, now, CodeAt(secret, now)), step);
  EXPECT_EQ(MatchingStep(secret, now, CodeAt(secret, now - 30)), step - 1);
  EXPECT_EQ(MatchingStep(secret, now, CodeAt(secret, now + 30)), step + 1);
  EXPECT_EQ(MatchingStep(secret, now, CodeAt(secret, now - 60)), std::nullopt);
  EXPECT_EQ(MatchingStep(secret, now, CodeAt(secret, now + 60)), std::nullopt);
  // The RFC's vector at T=1111111111, 6 digits.
  EXPECT_EQ(MatchingStep(secret, now, "050471"), step);
}

TEST(TotpTest, MalformedCodesAndSecretsNeverMatch) {
  const std::string secret = Base32Encode("12345678901234567890");
  const std::int64_t now = 1111111111;
  const std::vector<std::string> bads = {"",
                                         "05047",
                                         "0504711",
                                         "05047a",
                                         " 050471",
                                         "050 471",
                                         "+50471",
                                         "-50471",
                                         std::string("050\0"
                                                     "471",
                                                     7)};
  for (const std::string& bad : bads) {
    EXPECT_EQ(MatchingStep(secret, now, bad), std::nullopt) << bad;
    EXPECT_FALSE(IsWellFormedCode(bad)) << bad;
  }
  EXPECT_EQ(MatchingStep("not base32!", now, "050471"), std::nullopt);
  EXPECT_EQ(MatchingStep("", now, "050471"), std::nullopt);
}

TEST(TotpTest, NoReplayRule) {
  EXPECT_TRUE(StepIsFresh(100, std::nullopt));
  EXPECT_TRUE(StepIsFresh(101, 100));
  EXPECT_FALSE(StepIsFresh(100, 100));
  EXPECT_FALSE(StepIsFresh(99, 100));
}

TEST(TotpTest, Base32RoundTripsAndIsWhatAppsRead) {
  EXPECT_EQ(Base32Encode("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(Base32Encode("f"), "MY");  // RFC 4648 section 10, unpadded
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Decode("mzxw6ytboi"), "foobar");
  EXPECT_EQ(Base32Decode("MZXW 6YTB OI======"), "foobar");
  EXPECT_EQ(Base32Decode("MZ1W"), std::nullopt);
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    std::string secret = NewSecret();
    EXPECT_EQ(secret.size(), 32u);  // 160 bits
    EXPECT_EQ(Base32Decode(secret)->size(), kSecretBytes);
    seen.insert(secret);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(TotpTest, OtpauthUriEscapesIssuerAndEmail) {
  EXPECT_EQ(OtpauthUri("plangate", "jane@example.com", "ABC"),
            "otpauth://totp/plangate:jane%40example.com?secret=ABC&issuer=plangate");
  EXPECT_EQ(OtpauthUri("Acme & Co", "a+b@x.io", "ABC"),
            "otpauth://totp/Acme%20%26%20Co:a%2Bb%40x.io?secret=ABC&issuer=Acme%20%26%20Co");
}

TEST(TotpTest, RecoveryCodesFormatAndNormalize) {
  EXPECT_EQ(FormatRecoveryCode(std::string(10, '\0')), "0000-0000-0000-0000");
  EXPECT_EQ(FormatRecoveryCode(std::string(10, '\xff')), "zzzz-zzzz-zzzz-zzzz");
  auto codes = NewRecoveryCodes();
  ASSERT_EQ(codes.size(), 10u);
  std::set<std::string> unique(codes.begin(), codes.end());
  EXPECT_EQ(unique.size(), 10u);
  for (const auto& code : codes) {
    ASSERT_EQ(code.size(), 19u) << code;
    for (std::size_t i = 0; i < code.size(); ++i) {
      if (i % 5 == 4) {
        EXPECT_EQ(code[i], '-') << code;
      } else {
        EXPECT_NE(std::string_view("0123456789abcdefghjkmnpqrstvwxyz").find(code[i]),
                  std::string_view::npos)
            << code;
      }
    }
    auto canonical = NormalizeRecoveryCode(code);
    ASSERT_TRUE(canonical);
    EXPECT_EQ(canonical->size(), 16u);
  }
  // Typed back in any case, without dashes, with spaces; look-alikes read as Crockford does.
  EXPECT_EQ(NormalizeRecoveryCode("AB12-CD34-EF56-GH78"), "ab12cd34ef56gh78");
  EXPECT_EQ(NormalizeRecoveryCode("ab12 cd34 ef56 gh78"), "ab12cd34ef56gh78");
  EXPECT_EQ(NormalizeRecoveryCode("Oi1L-0000-0000-0000"), "0111000000000000");
  EXPECT_EQ(NormalizeRecoveryCode("ab12-cd34-ef56-gh7"), std::nullopt);    // short
  EXPECT_EQ(NormalizeRecoveryCode("ab12-cd34-ef56-gh789"), std::nullopt);  // long
  EXPECT_EQ(NormalizeRecoveryCode("ab12-cd34-ef56-gh7u"), std::nullopt);   // not in the alphabet
  EXPECT_EQ(NormalizeRecoveryCode(std::string(1000, 'a')), std::nullopt);
}

http::Request JsonRequest(std::string body) {
  http::Request r;
  r.method = http::Method::kPost;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

std::string ValidationFields(const std::function<void()>& read) {
  try {
    read();
  } catch (const http::ApiError& e) {
    if (e.code() != "VALIDATION_ERROR") return e.code();
    std::string fields;
    for (const auto& [k, v] : e.extra().at("errors").as_object()) fields += std::string(k) + ",";
    return fields;
  }
  return "ok";
}

TEST(MfaRequestsTest, ExactlyOneOfCodeAndRecoveryCode) {
  auto verify = [](std::string body) {
    return ValidationFields([&] { auth::ReadMfaVerifyRequest(JsonRequest(body)); });
  };
  EXPECT_EQ(verify(R"({"mfa_token":"t","code":"123456"})"), "ok");
  EXPECT_EQ(verify(R"({"mfa_token":"t","recovery_code":"x"})"), "ok");
  EXPECT_EQ(verify(R"({"mfa_token":"t"})"), "code,");
  EXPECT_EQ(verify(R"({"mfa_token":"t","code":"1","recovery_code":"x"})"), "recovery_code,");
  EXPECT_EQ(verify(R"({"code":"123456"})"), "mfa_token,");
  EXPECT_EQ(verify(R"({"mfa_token":"t","code":123456})"), "code,");
  EXPECT_EQ(verify(R"({"mfa_token":"t","code":null})"), "code,");
  EXPECT_EQ(verify(R"({"mfa_token":"t","code":""})"), "code,");
  EXPECT_EQ(verify(R"({"mfa_token":"t","code":")" + std::string(257, '1') + "\"}"), "code,");
  EXPECT_EQ(verify("[]"), "BAD_REQUEST");
  auto disable = [](std::string body) {
    return ValidationFields([&] { auth::ReadMfaDisableRequest(JsonRequest(body)); });
  };
  EXPECT_EQ(disable(R"({"password":"p","code":"123456"})"), "ok");
  EXPECT_EQ(disable(R"({"code":"123456"})"), "password,");
  EXPECT_EQ(disable(R"({"password":"p"})"), "code,");
  auto regenerate = [](std::string body) {
    return ValidationFields([&] { auth::ReadMfaRecoveryCodesRequest(JsonRequest(body)); });
  };
  EXPECT_EQ(regenerate(R"({"password":"p","code":"123456"})"), "ok");
  EXPECT_EQ(regenerate(R"({"password":"p","recovery_code":"x"})"), "code,");
  EXPECT_EQ(ValidationFields([] { auth::ReadMfaConfirmRequest(JsonRequest("{}")); }), "code,");
  EXPECT_EQ(ValidationFields([] { auth::ReadMfaSetupRequest(JsonRequest("{}")); }), "password,");
}

}  // namespace
}  // namespace plangate

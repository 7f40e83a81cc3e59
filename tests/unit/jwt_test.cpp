#include "auth/jwt.h"

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace plangate::auth {
namespace {

const std::string kKey = "unit-test-signing-key-0123456789abcdef";

AccessClaims Claims(std::int64_t now) {
  return AccessClaims{"42", now, now + 300, "jti-1", "access"};
}

std::string Forge(std::string_view header_json, std::string_view payload_json,
                  std::string_view key) {
  std::string input =
      core::Base64UrlEncode(header_json) + "." + core::Base64UrlEncode(payload_json);
  return input + "." + SignHs256(input, key);
}

// RFC 7515, appendix A.1: the HS256 example, byte for byte.
TEST(JwtTest, Rfc7515AppendixA1Vector) {
  const std::string header = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9";
  const std::string payload =
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0"
      "cnVlfQ";
  auto key = core::Base64UrlDecode(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
  ASSERT_TRUE(key);
  EXPECT_EQ(SignHs256(header + "." + payload, *key), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  // The signature verifies; the claims are not an access token's, so it is still refused.
  auto result = DecodeAccessToken(
      header + "." + payload + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", *key, 1300819000);
  EXPECT_FALSE(result.claims);
  EXPECT_EQ(result.error, JwtError::kClaims);
}

TEST(JwtTest, RoundTrip) {
  std::string token = EncodeAccessToken(Claims(1000), kKey);
  auto result = DecodeAccessToken(token, kKey, 1001);
  ASSERT_TRUE(result.claims);
  EXPECT_EQ(result.claims->sub, "42");
  EXPECT_EQ(result.claims->exp, 1300);
  EXPECT_EQ(result.claims->jti, "jti-1");
  auto header = core::Base64UrlDecode(token.substr(0, token.find('.')));
  EXPECT_EQ(*header, R"({"alg":"HS256","typ":"JWT"})");
}

TEST(JwtTest, AlgNoneIsRefused) {
  std::string payload = R"({"sub":"42","iat":1000,"exp":2000,"jti":"x","type":"access"})";
  std::string token = core::Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." +
                      core::Base64UrlEncode(payload) + ".";
  EXPECT_EQ(DecodeAccessToken(token, kKey, 1001).error, JwtError::kAlgorithm);
  EXPECT_FALSE(DecodeAccessToken(token, kKey, 1001).claims);
  std::string with_sig = Forge(R"({"alg":"none"})", payload, kKey);
  EXPECT_FALSE(DecodeAccessToken(with_sig, kKey, 1001).claims);
}

TEST(JwtTest, OtherAlgorithmsAreRefusedEvenWithAValidMac) {
  std::string payload = R"({"sub":"42","iat":1000,"exp":2000,"jti":"x","type":"access"})";
  for (std::string alg : {"HS512", "HS384", "RS256", "ES256", "hs256"}) {
    auto r = DecodeAccessToken(Forge(R"({"alg":")" + alg + R"(","typ":"JWT"})", payload, kKey),
                               kKey, 1001);
    EXPECT_FALSE(r.claims) << alg;
    EXPECT_EQ(r.error, JwtError::kAlgorithm) << alg;
  }
}

TEST(JwtTest, WrongKeyIsRefused) {
  std::string token = EncodeAccessToken(Claims(1000), "another-key-of-some-length-xxxxxxxx");
  auto r = DecodeAccessToken(token, kKey, 1001);
  EXPECT_FALSE(r.claims);
  EXPECT_EQ(r.error, JwtError::kSignature);
}

TEST(JwtTest, MalformedTokensAreRefused) {
  std::string good = EncodeAccessToken(Claims(1000), kKey);
  for (std::string bad : {std::string(""), std::string("abc"), std::string("a.b"),
                          std::string("@@@.###.$$$"), good + ".extra", good.substr(1),
                          std::string("e30.e30."), good + "=", std::string(5000, 'a')}) {
    EXPECT_FALSE(DecodeAccessToken(bad, kKey, 1001).claims) << bad.substr(0, 40);
  }
  // Tampered payload with the original signature.
  auto dot1 = good.find('.'), dot2 = good.rfind('.');
  std::string tampered =
      good.substr(0, dot1 + 1) +
      core::Base64UrlEncode(
          R"({"sub":"1","iat":1000,"exp":9999999999,"jti":"x","type":"access"})") +
      good.substr(dot2);
  EXPECT_EQ(DecodeAccessToken(tampered, kKey, 1001).error, JwtError::kSignature);
}

TEST(JwtTest, ExpiryAndIssuedAt) {
  std::string token = EncodeAccessToken(Claims(1000), kKey);
  EXPECT_TRUE(DecodeAccessToken(token, kKey, 1299).claims);
  EXPECT_EQ(DecodeAccessToken(token, kKey, 1300).error, JwtError::kExpired);
  EXPECT_EQ(DecodeAccessToken(token, kKey, 5000).error, JwtError::kExpired);
  // Issued far in the future: refused.
  EXPECT_FALSE(DecodeAccessToken(token, kKey, 900).claims);
}

TEST(JwtTest, WrongTypeOrMissingClaimsAreRefused) {
  for (std::string payload : {R"({"sub":"42","iat":1000,"exp":2000,"jti":"x","type":"refresh"})",
                              R"({"sub":"42","iat":1000,"exp":2000,"jti":"x"})",
                              R"({"sub":42,"iat":1000,"exp":2000,"jti":"x","type":"access"})",
                              R"({"sub":"42","iat":1000,"exp":"2000","jti":"x","type":"access"})",
                              R"({"iat":1000,"exp":2000,"jti":"x","type":"access"})", R"([1,2])"}) {
    auto r = DecodeAccessToken(Forge(R"({"alg":"HS256","typ":"JWT"})", payload, kKey), kKey, 1001);
    EXPECT_FALSE(r.claims) << payload;
  }
}

// A repeated key reads as its last copy here and maybe as its first elsewhere: refused, in the
// header and in the claims, at any depth, however it is escaped.
TEST(JwtTest, DuplicateKeysAreRefused) {
  const std::string payload = R"({"sub":"42","iat":1000,"exp":2000,"jti":"x","type":"access"})";
  ASSERT_TRUE(DecodeAccessToken(Forge(R"({"alg":"HS256"})", payload, kKey), kKey, 1001).claims);
  for (std::string header :
       {R"({"alg":"none","alg":"HS256"})", R"({"alg":"HS256","typ":"JWT","typ":"JWT"})",
        R"({"alg":"HS256","\u0061lg":"HS256"})"}) {
    EXPECT_FALSE(DecodeAccessToken(Forge(header, payload, kKey), kKey, 1001).claims) << header;
  }
  for (std::string claims :
       {R"({"sub":"1","sub":"42","iat":1000,"exp":2000,"jti":"x","type":"access"})",
        R"({"sub":"42","iat":1000,"exp":2000,"jti":"x","type":"refresh","type":"access"})",
        R"({"sub":"42","iat":1000,"exp":2000,"jti":"x","type":"access","x":[{"a":1,"a":2}]})"}) {
    EXPECT_FALSE(DecodeAccessToken(Forge(R"({"alg":"HS256"})", claims, kKey), kKey, 1001).claims)
        << claims;
  }
  // The same key in two different objects is no duplicate.
  EXPECT_TRUE(
      DecodeAccessToken(Forge(R"({"alg":"HS256"})",
                              R"({"sub":"42","iat":1000,"exp":2000,"jti":"x","type":"access",)"
                              R"("x":{"sub":1},"y":[{"sub":2},{"sub":3}]})",
                              kKey),
                        kKey, 1001)
          .claims);
}

}  // namespace
}  // namespace plangate::auth

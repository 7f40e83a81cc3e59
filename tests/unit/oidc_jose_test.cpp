#include "auth/oidc_jose.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "support/jose_signer.h"

namespace plangate::auth::oidc {
namespace {

using testing::B64Url;
using testing::SigningKey;

constexpr std::int64_t kNow = 1800000000;

// Keys are slow to make: one of each for the whole suite.
const SigningKey& Rsa() {
  static SigningKey key(SigningKey::Type::kRsa, "rsa-1");
  return key;
}
const SigningKey& Ec() {
  static SigningKey key(SigningKey::Type::kP256, "ec-1");
  return key;
}

std::vector<Jwk> Keys() {
  boost::json::object set{{"keys", boost::json::array{Rsa().Jwk(), Ec().Jwk()}}};
  auto keys = ParseJwks(boost::json::serialize(set));
  EXPECT_TRUE(keys && keys->size() == 2);
  return keys ? *keys : std::vector<Jwk>{};
}

IdTokenExpectations Expect() { return {"https://idp.example", "client-1", "nonce-123", kNow}; }

boost::json::object Claims() {
  return {{"iss", "https://idp.example"},
          {"aud", "client-1"},
          {"sub", "user-7"},
          {"exp", kNow + 300},
          {"iat", kNow},
          {"nonce", "nonce-123"},
          {"email", "a@example.com"},
          {"email_verified", true}};
}

IdTokenError ErrorOf(const std::string& token) {
  auto r = VerifyIdToken(token, Keys(), Expect());
  EXPECT_FALSE(r.claims);
  return r.error;
}

TEST(OidcJoseTest, Rs256AndEs256TokensVerify) {
  for (const SigningKey* key : {&Rsa(), &Ec()}) {
    auto r = VerifyIdToken(key->Sign(Claims()), Keys(), Expect());
    ASSERT_TRUE(r.claims) << key->alg() << " " << IdTokenErrorName(r.error);
    EXPECT_EQ(r.claims->sub, "user-7");
    EXPECT_EQ(r.claims->email, "a@example.com");
    EXPECT_TRUE(r.claims->email_verified);
  }
}

TEST(OidcJoseTest, TamperedSignatureOrPayloadIsRefused) {
  for (const SigningKey* key : {&Rsa(), &Ec()}) {
    std::string token = key->Sign(Claims());
    std::string flipped = token;
    char& last = flipped[flipped.size() - 2];
    last = last == 'A' ? 'B' : 'A';
    EXPECT_EQ(ErrorOf(flipped), IdTokenError::kSignature) << key->alg();
    // Another payload under the original signature.
    auto claims = Claims();
    claims["sub"] = "someone-else";
    std::string forged = key->Sign(claims);
    std::string spliced = forged.substr(0, forged.rfind('.')) + token.substr(token.rfind('.'));
    EXPECT_EQ(ErrorOf(spliced), IdTokenError::kSignature) << key->alg();
  }
  // An ES256 signature of the wrong length.
  std::string token = Ec().Sign(Claims());
  EXPECT_EQ(ErrorOf(token.substr(0, token.rfind('.') + 1) + B64Url(std::string(63, 'x'))),
            IdTokenError::kSignature);
}

TEST(OidcJoseTest, AlgNoneHsAndOthersAreRefused) {
  std::string payload = B64Url(boost::json::serialize(Claims()));
  for (std::string alg : std::vector<std::string>{"none", "HS256", "HS384", "HS512", "RS512",
                                                  "PS256", "ES384", "EdDSA"}) {
    boost::json::object header{{"alg", alg}, {"kid", "rsa-1"}};
    std::string input = B64Url(boost::json::serialize(header)) + "." + payload;
    EXPECT_EQ(ErrorOf(input + "."), IdTokenError::kAlgorithm) << alg;
    EXPECT_EQ(ErrorOf(input + "." + B64Url(Rsa().SignBytes(input))), IdTokenError::kAlgorithm)
        << alg;
  }
}

TEST(OidcJoseTest, KeyOfTheOtherAlgorithmIsRefused) {
  // An RS256 header naming the EC key's kid: the key cannot verify it.
  boost::json::object header{{"alg", "RS256"}, {"kid", "ec-1"}};
  EXPECT_EQ(ErrorOf(Rsa().Sign(Claims(), header)), IdTokenError::kSignature);
}

TEST(OidcJoseTest, UnknownOrMissingKidIsUnknownKey) {
  EXPECT_EQ(ErrorOf(Rsa().Sign(Claims(), {{"kid", "rsa-2"}})), IdTokenError::kUnknownKey);
  // Signed by a key that is not in the set at all, under a kid that is.
  SigningKey stranger(SigningKey::Type::kRsa, "rsa-1");
  EXPECT_EQ(ErrorOf(stranger.Sign(Claims())), IdTokenError::kSignature);
  // No kid: fine when the set has one key of that algorithm.
  auto r = VerifyIdToken(Ec().Sign(Claims(), {{"kid", nullptr}}), Keys(), Expect());
  EXPECT_TRUE(r.claims);
  // ... ambiguous with two.
  boost::json::object set{{"keys", boost::json::array{Ec().Jwk(), Ec().Jwk()}}};
  auto twice = ParseJwks(boost::json::serialize(set));
  ASSERT_TRUE(twice);
  EXPECT_EQ(VerifyIdToken(Ec().Sign(Claims(), {{"kid", nullptr}}), *twice, Expect()).error,
            IdTokenError::kUnknownKey);
}

TEST(OidcJoseTest, EachClaimRule) {
  auto with = [](std::string_view name, boost::json::value v) {
    auto c = Claims();
    c[name] = std::move(v);
    return Rsa().Sign(c);
  };
  auto without = [](std::string_view name) {
    auto c = Claims();
    c.erase(name);
    return Rsa().Sign(c);
  };
  EXPECT_EQ(ErrorOf(with("iss", "https://idp.example/")), IdTokenError::kIssuer);
  EXPECT_EQ(ErrorOf(without("iss")), IdTokenError::kIssuer);
  EXPECT_EQ(ErrorOf(with("aud", "client-2")), IdTokenError::kAudience);
  EXPECT_EQ(ErrorOf(with("aud", boost::json::array{"a", "b"})), IdTokenError::kAudience);
  EXPECT_EQ(ErrorOf(without("aud")), IdTokenError::kAudience);
  EXPECT_TRUE(
      VerifyIdToken(with("aud", boost::json::array{"other", "client-1"}), Keys(), Expect()).claims);
  EXPECT_EQ(ErrorOf(with("azp", "other")), IdTokenError::kAuthorizedParty);
  EXPECT_TRUE(VerifyIdToken(with("azp", "client-1"), Keys(), Expect()).claims);
  EXPECT_EQ(ErrorOf(with("exp", kNow)), IdTokenError::kExpired);
  EXPECT_EQ(ErrorOf(with("exp", "soon")), IdTokenError::kExpired);
  EXPECT_EQ(ErrorOf(without("exp")), IdTokenError::kExpired);
  EXPECT_EQ(ErrorOf(with("iat", kNow + 61)), IdTokenError::kIssuedInFuture);
  EXPECT_TRUE(VerifyIdToken(with("iat", kNow + 60), Keys(), Expect()).claims);
  EXPECT_EQ(ErrorOf(without("iat")), IdTokenError::kIssuedInFuture);
  EXPECT_EQ(ErrorOf(with("nonce", "nonce-124")), IdTokenError::kNonce);
  EXPECT_EQ(ErrorOf(without("nonce")), IdTokenError::kNonce);
  EXPECT_EQ(ErrorOf(with("sub", "")), IdTokenError::kSubject);
  EXPECT_EQ(ErrorOf(with("sub", 7)), IdTokenError::kSubject);
}

TEST(OidcJoseTest, EmailVerifiedOnlyAsJsonTrue) {
  for (boost::json::value v : {boost::json::value("true"), boost::json::value(1),
                               boost::json::value(false), boost::json::value(nullptr)}) {
    auto c = Claims();
    c["email_verified"] = v;
    auto r = VerifyIdToken(Rsa().Sign(c), Keys(), Expect());
    ASSERT_TRUE(r.claims);
    EXPECT_FALSE(r.claims->email_verified) << boost::json::serialize(v);
  }
}

TEST(OidcJoseTest, MalformedTokensAndKeySets) {
  for (std::string bad : std::vector<std::string>{"", "a", "a.b", "a.b.c.d", "!!.e30.", "e30.e30.",
                                                  "W10.e30.", std::string(20000, 'a') + ".e30."}) {
    EXPECT_EQ(ErrorOf(bad), IdTokenError::kMalformed) << bad.substr(0, 20);
  }
  // crit: an extension we do not understand.
  EXPECT_EQ(ErrorOf(Rsa().Sign(Claims(), {{"crit", boost::json::array{"exp"}}})),
            IdTokenError::kMalformed);
  EXPECT_FALSE(ParseJwks("[]"));
  EXPECT_FALSE(ParseJwks("{\"keys\": 1}"));
  auto skipped = ParseJwks(
      R"({"keys": [{"kty":"RSA","n":"AQAB","e":"AQAB"}, {"kty":"EC","crv":"P-256","x":"AA","y":"AA"},
                   {"kty":"oct","k":"c2VjcmV0"}, 5]})");
  ASSERT_TRUE(skipped);
  EXPECT_TRUE(skipped->empty());
  // An encryption key is not a signature key.
  auto enc = Rsa().Jwk();
  enc["use"] = "enc";
  auto none =
      ParseJwks(boost::json::serialize(boost::json::object{{"keys", boost::json::array{enc}}}));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  // A point off the curve.
  auto off = Ec().Jwk();
  off["y"] = B64Url(std::string(32, '\x01'));
  auto off_curve =
      ParseJwks(boost::json::serialize(boost::json::object{{"keys", boost::json::array{off}}}));
  ASSERT_TRUE(off_curve);
  EXPECT_TRUE(off_curve->empty());
}

}  // namespace
}  // namespace plangate::auth::oidc

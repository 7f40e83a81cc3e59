// The ID token checks of OpenID Connect sign-in, on hostile input:
//  1. the input as a token, against a fixed JWK set: VerifyIdToken must not crash, and it must
//     never accept one (nothing here can sign with the set's keys);
//  2. the input as a JWK set: ParseJwks must not crash, and every key it keeps has an algorithm
//     it can verify;
//  3. the input as the claims of a token: CheckClaims must not crash, and a claim set it accepts
//     meets every rule.

#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/json/parse.hpp>

#include "auth/oidc_jose.h"
#include "fuzz_check.h"

namespace plangate::fuzz {
namespace {

constexpr std::int64_t kNow = 1800000000;

// A real RSA and P-256 public key (their private halves are not kept anywhere).
constexpr std::string_view kJwks = R"({"keys":[
{"kty":"EC","crv":"P-256","kid":"ec","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
{"kty":"RSA","kid":"rsa","e":"AQAB","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}]})";

const std::vector<auth::oidc::Jwk>& Keys() {
  static const auto keys = *auth::oidc::ParseJwks(kJwks);
  return keys;
}

const auth::oidc::IdTokenExpectations kExpect{"https://idp.example", "client", "nonce", kNow};

}  // namespace
}  // namespace plangate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plangate;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    FUZZ_CHECK(fuzz::Keys().size() == 2);
    auto result = auth::oidc::VerifyIdToken(input, fuzz::Keys(), fuzz::kExpect);
    FUZZ_CHECK(!result.claims);

    if (auto keys = auth::oidc::ParseJwks(input)) {
      for (const auto& k : *keys) FUZZ_CHECK(k.key && (k.alg == "RS256" || k.alg == "ES256"));
    }

    boost::system::error_code ec;
    auto claims = boost::json::parse(input, ec);
    if (!ec && claims.is_object() && !auth::oidc::CheckClaims(claims.as_object(), fuzz::kExpect)) {
      const auto& c = claims.as_object();
      FUZZ_CHECK(c.at("iss") == "https://idp.example" && c.at("nonce") == "nonce");
      FUZZ_CHECK(c.at("sub").is_string() && !c.at("sub").as_string().empty());
    }
  } catch (const std::exception& e) {
    fuzz::Unexpected(e.what());
  }
  return 0;
}

// The HS256 access-token codec, three ways per input:
//  1. the input as a token: DecodeAccessToken must not crash, and whatever it accepts must meet
//     the claim rules and survive a re-encode;
//  2. the input as "header.payload", signed with the key, so the fuzzer gets past the MAC and
//     reaches the header and claim checks;
//  3. claims built from the input: EncodeAccessToken then DecodeAccessToken gives them back, or
//     exactly the error the rules predict.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "auth/jwt.h"
#include "fuzz_check.h"

namespace plangate::fuzz {
namespace {

constexpr std::string_view kKey = "fuzz-signing-key-0123456789abcdef";
constexpr std::int64_t kNow = 1700000000;
constexpr std::int64_t kLeeway = 30;

bool SameClaims(const auth::AccessClaims& a, const auth::AccessClaims& b) {
  return a.sub == b.sub && a.iat == b.iat && a.exp == b.exp && a.jti == b.jti && a.type == b.type;
}

void CheckAccepted(const auth::JwtResult& result, std::int64_t now) {
  if (!result.claims) return;
  const auto& c = *result.claims;
  FUZZ_CHECK(c.type == "access" && !c.sub.empty());
  FUZZ_CHECK(c.exp > now && c.iat <= now + kLeeway);
  auto again = auth::DecodeAccessToken(auth::EncodeAccessToken(c, kKey), kKey, now, kLeeway);
  FUZZ_CHECK(again.claims && SameClaims(*again.claims, c));
}

void RoundTrip(FuzzedDataProvider& in) {
  auth::AccessClaims c;
  c.sub = in.ConsumeRandomLengthString(40);
  c.jti = in.ConsumeRandomLengthString(80);
  c.type = in.ConsumeBool() ? "access" : in.ConsumeRandomLengthString(16);
  c.iat = in.ConsumeIntegral<std::int64_t>();
  c.exp = in.ConsumeIntegral<std::int64_t>();
  // A clock far from int64 limits, as any real one is.
  std::int64_t now = in.ConsumeIntegralInRange<std::int64_t>(0, std::int64_t{1} << 40);
  if (in.ConsumeBool()) c.iat = now - in.ConsumeIntegralInRange<std::int64_t>(-60, 3600);
  if (in.ConsumeBool()) c.exp = now + in.ConsumeIntegralInRange<std::int64_t>(-60, 3600);

  std::string token = auth::EncodeAccessToken(c, kKey);
  auto result = auth::DecodeAccessToken(token, kKey, now, kLeeway);
  CheckAccepted(result, now);
  if (!IsValidUtf8(c.sub) || !IsValidUtf8(c.jti) || !IsValidUtf8(c.type)) {
    // Real claims are ASCII; a JSON parser may refuse what the serializer wrote, but must not
    // turn it into other claims.
    FUZZ_CHECK(!result.claims || SameClaims(*result.claims, c));
    return;
  }
  if (token.size() > 4096) {
    FUZZ_CHECK(!result.claims);
  } else if (c.type != "access" || c.sub.empty()) {
    FUZZ_CHECK(!result.claims && result.error == auth::JwtError::kClaims);
  } else if (c.exp <= now) {
    FUZZ_CHECK(!result.claims && result.error == auth::JwtError::kExpired);
  } else if (c.iat > now + kLeeway) {
    FUZZ_CHECK(!result.claims && result.error == auth::JwtError::kClaims);
  } else {
    FUZZ_CHECK(result.claims && SameClaims(*result.claims, c));
    // Any other key must fail the MAC.
    auto forged = auth::DecodeAccessToken(token, "another-key", now, kLeeway);
    FUZZ_CHECK(!forged.claims && forged.error == auth::JwtError::kSignature);
  }
}

}  // namespace
}  // namespace plangate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plangate;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    fuzz::CheckAccepted(auth::DecodeAccessToken(input, fuzz::kKey, fuzz::kNow), fuzz::kNow);

    std::string signed_token(input);
    signed_token += '.';
    signed_token += auth::SignHs256(input, fuzz::kKey);
    fuzz::CheckAccepted(auth::DecodeAccessToken(signed_token, fuzz::kKey, fuzz::kNow), fuzz::kNow);

    FuzzedDataProvider provider(data, size);
    fuzz::RoundTrip(provider);
  } catch (const std::exception& e) {
    // The codec reports every problem in its result; it never throws.
    fuzz::Unexpected(e.what());
  }
  return 0;
}

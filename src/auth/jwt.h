#pragma once
// A strict HS256 JWT codec. The algorithm is pinned: a token whose header says anything but
// {"alg":"HS256"} (alg none, HS512, RS256 ...) is rejected before its signature is even looked at.
// A header or claims object with a key repeated is malformed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plangate::auth {

struct AccessClaims {
  std::string sub;  // user id as a string
  std::int64_t iat = 0;
  std::int64_t exp = 0;
  std::string jti;
  std::string type = "access";
};

std::string EncodeAccessToken(const AccessClaims& claims, std::string_view key);

enum class JwtError { kMalformed, kAlgorithm, kSignature, kExpired, kClaims };

struct JwtResult {
  std::optional<AccessClaims> claims;
  JwtError error = JwtError::kMalformed;
};

// Verifies signature, algorithm, typ (if present), exp (> now), iat (not in the future beyond
// leeway) and type == "access".
JwtResult DecodeAccessToken(std::string_view token, std::string_view key, std::int64_t now,
                            std::int64_t leeway_seconds = 30);

// Signs `header.payload` (both already base64url) with HS256; exposed for the RFC 7515 vector.
std::string SignHs256(std::string_view signing_input, std::string_view key);

}  // namespace plangate::auth

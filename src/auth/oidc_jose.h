#pragma once
// The ID token checks of OpenID Connect sign-in (contract v1.2), without I/O: a compact JWS, a
// JWK set (RSA and EC P-256 public keys), RS256 and ES256 signatures, and the claim rules. Only
// RS256 and ES256 are accepted: alg none, HS* (a public key used as an HMAC secret) and every
// other algorithm are refused before any key is looked at.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace plangate::auth::oidc {

// A compact JWS split and decoded; nullopt from ParseCompactJws when it is not one.
struct Jws {
  std::string alg;
  std::string kid;  // empty when the header has none
  boost::json::object claims;
  std::string signing_input;  // "header.payload", as received
  std::string signature;      // raw bytes
};

std::optional<Jws> ParseCompactJws(std::string_view token);

// A verification key; opaque so that no OpenSSL type leaks into the callers.
class PublicKey;

struct Jwk {
  std::string kid;
  std::string alg;  // "RS256" or "ES256": what this key verifies
  std::shared_ptr<const PublicKey> key;
};

// The usable signature keys of a JWKS document (RSA of at least 2048 bits, EC on P-256); keys
// of other types, for encryption, or malformed are skipped. nullopt when the document is not a
// JWK set at all.
std::optional<std::vector<Jwk>> ParseJwks(std::string_view json);

// Whether jws carries a valid signature by key (whose alg must be the header's).
bool VerifySignature(const Jws& jws, const Jwk& key);

enum class IdTokenError {
  kMalformed,
  kAlgorithm,   // none, HS*, or anything but RS256 / ES256
  kUnknownKey,  // no key of the set has the header's kid (the caller may refetch the set)
  kSignature,
  kIssuer,
  kAudience,
  kAuthorizedParty,
  kExpired,
  kIssuedInFuture,
  kNonce,
  kSubject,
};

std::string_view IdTokenErrorName(IdTokenError error);

struct IdTokenExpectations {
  std::string issuer;
  std::string client_id;
  std::string nonce;
  std::int64_t now = 0;
};

struct IdTokenClaims {
  std::string sub;
  std::optional<std::string> email;
  bool email_verified = false;  // only a JSON true counts
};

struct IdTokenResult {
  std::optional<IdTokenClaims> claims;
  IdTokenError error = IdTokenError::kMalformed;
};

// How far ahead of now an iat may be (clock skew between us and the provider).
constexpr std::int64_t kIatLeewaySeconds = 60;

// The whole check: parse, pick the key by kid, verify the signature, then iss, aud, azp, exp,
// iat, nonce and sub.
IdTokenResult VerifyIdToken(std::string_view token, const std::vector<Jwk>& keys,
                            const IdTokenExpectations& expect);

// The claim rules alone (exposed for the tests and the fuzzer).
std::optional<IdTokenError> CheckClaims(const boost::json::object& claims,
                                        const IdTokenExpectations& expect);

}  // namespace plangate::auth::oidc

#pragma once
// Stripe webhook signatures: Stripe-Signature: t=<unix>,v1=<hex>[,v1=...], each v1 the
// HMAC-SHA256 of "<t>.<raw body>" under the endpoint secret.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace plangate::billing {

struct SignatureHeader {
  std::int64_t timestamp = 0;
  std::vector<std::string> v1;  // hex
};

// False when the header has no valid t or no v1.
bool ParseSignatureHeader(std::string_view header, SignatureHeader* out);

// True when some v1 matches under some secret (constant-time compare) and |now - t| <= tolerance.
bool VerifyStripeSignature(std::string_view header, std::string_view payload,
                           const std::vector<std::string>& secrets, std::int64_t now,
                           std::int64_t tolerance_seconds = 300);

// The header Stripe would send; for tests and tools.
std::string SignStripePayload(std::string_view payload, std::string_view secret,
                              std::int64_t timestamp);

}  // namespace plangate::billing

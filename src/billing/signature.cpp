#include "billing/signature.h"

#include <charconv>

#include "core/crypto.h"

namespace plangate::billing {

bool ParseSignatureHeader(std::string_view header, SignatureHeader* out) {
  *out = SignatureHeader{};
  bool have_t = false;
  if (header.size() > 8192) return false;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "t") {
      std::int64_t t = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), t);
      if (ec != std::errc() || end != value.data() + value.size() || t <= 0) return false;
      out->timestamp = t;
      have_t = true;
    } else if (key == "v1" && value.size() == 64) {
      out->v1.emplace_back(value);
    }
  }
  return have_t && !out->v1.empty();
}

bool VerifyStripeSignature(std::string_view header, std::string_view payload,
                           const std::vector<std::string>& secrets, std::int64_t now,
                           std::int64_t tolerance_seconds) {
  SignatureHeader parsed;
  if (!ParseSignatureHeader(header, &parsed)) return false;
  std::int64_t skew = now - parsed.timestamp;
  if (skew > tolerance_seconds || skew < -tolerance_seconds) return false;
  std::string signed_payload = std::to_string(parsed.timestamp);
  signed_payload += '.';
  signed_payload += payload;
  bool match = false;
  for (const auto& secret : secrets) {
    std::string expected = core::HmacSha256(secret, signed_payload);
    for (const auto& candidate : parsed.v1) {
      auto raw = core::FromHex(candidate);
      // No early exit: every candidate is compared, in constant time each.
      if (raw && core::ConstantTimeEquals(*raw, expected)) match = true;
    }
  }
  return match;
}

std::string SignStripePayload(std::string_view payload, std::string_view secret,
                              std::int64_t timestamp) {
  std::string signed_payload = std::to_string(timestamp) + "." + std::string(payload);
  return "t=" + std::to_string(timestamp) +
         ",v1=" + core::ToHex(core::HmacSha256(secret, signed_payload));
}

}  // namespace plangate::billing

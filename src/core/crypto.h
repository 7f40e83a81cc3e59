#pragma once
// Thin, named wrappers over libsodium for the primitives the areas share.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plangate::core {

// `bytes` random bytes, base64url without padding.
std::string RandomToken(std::size_t bytes = 32);
// Lower-case hex SHA-256: how opaque tokens are stored.
std::string Sha256Hex(std::string_view data);
// HMAC-SHA256 with a key of any length (raw 32-byte MAC).
std::string HmacSha256(std::string_view key, std::string_view message);
std::string ToHex(std::string_view bytes);
std::optional<std::string> FromHex(std::string_view hex);
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);
// Constant-time for equal lengths; unequal lengths are unequal.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace plangate::core

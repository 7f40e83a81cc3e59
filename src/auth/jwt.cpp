#include "auth/jwt.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/crypto.h"
#include "core/json_keys.h"

namespace plangate::auth {

namespace {
// The one header this service emits, and the only algorithm it accepts.
constexpr std::string_view kHeaderJson = R"({"alg":"HS256","typ":"JWT"})";
constexpr std::size_t kMaxTokenBytes = 4096;

std::optional<std::int64_t> IntClaim(const boost::json::object& o, std::string_view name) {
  auto it = o.find(name);
  if (it == o.end()) return std::nullopt;
  if (it->value().is_int64()) return it->value().as_int64();
  if (it->value().is_uint64() && it->value().as_uint64() <= INT64_MAX) {
    return static_cast<std::int64_t>(it->value().as_uint64());
  }
  return std::nullopt;
}

std::optional<std::string> StringClaim(const boost::json::object& o, std::string_view name) {
  auto it = o.find(name);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().as_string());
}

std::optional<boost::json::object> ParseObject(std::string_view b64) {
  auto raw = core::Base64UrlDecode(b64);
  if (!raw) return std::nullopt;
  // A repeated key means what the last parser to read it says ("alg":"none","alg":"HS256"):
  // no token of ours has one, so it is a forgery or a bug, never a token.
  if (core::HasDuplicateKeys(*raw)) return std::nullopt;
  boost::system::error_code ec;
  auto v = boost::json::parse(*raw, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}
}  // namespace

std::string SignHs256(std::string_view signing_input, std::string_view key) {
  return core::Base64UrlEncode(core::HmacSha256(key, signing_input));
}

std::string EncodeAccessToken(const AccessClaims& c, std::string_view key) {
  boost::json::object payload{
      {"sub", c.sub}, {"iat", c.iat}, {"exp", c.exp}, {"jti", c.jti}, {"type", c.type}};
  std::string input = core::Base64UrlEncode(kHeaderJson);
  input += '.';
  input += core::Base64UrlEncode(boost::json::serialize(payload));
  std::string signature = SignHs256(input, key);
  input += '.';
  input += signature;
  return input;
}

JwtResult DecodeAccessToken(std::string_view token, std::string_view key, std::int64_t now,
                            std::int64_t leeway_seconds) {
  JwtResult result;
  if (token.empty() || token.size() > kMaxTokenBytes || key.empty()) return result;
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return result;
  }
  std::string_view header_b64 = token.substr(0, first);
  std::string_view payload_b64 = token.substr(first + 1, second - first - 1);
  std::string_view signature_b64 = token.substr(second + 1);

  auto header = ParseObject(header_b64);
  if (!header) return result;
  auto alg = StringClaim(*header, "alg");
  if (!alg || *alg != "HS256") {
    result.error = JwtError::kAlgorithm;
    return result;
  }
  if (header->contains("typ")) {
    auto typ = StringClaim(*header, "typ");
    if (!typ || (*typ != "JWT" && *typ != "jwt")) return result;
  }
  // "crit" names extensions we would have to understand; we understand none.
  if (header->contains("crit")) return result;

  auto signature = core::Base64UrlDecode(signature_b64);
  if (!signature) return result;
  std::string expected = core::HmacSha256(key, token.substr(0, second));
  if (!core::ConstantTimeEquals(*signature, expected)) {
    result.error = JwtError::kSignature;
    return result;
  }

  auto payload = ParseObject(payload_b64);
  if (!payload) return result;
  AccessClaims c;
  auto sub = StringClaim(*payload, "sub");
  auto iat = IntClaim(*payload, "iat");
  auto exp = IntClaim(*payload, "exp");
  auto jti = StringClaim(*payload, "jti");
  auto type = StringClaim(*payload, "type");
  if (!sub || !iat || !exp || !jti || !type || *type != "access" || sub->empty()) {
    result.error = JwtError::kClaims;
    return result;
  }
  if (*exp <= now) {
    result.error = JwtError::kExpired;
    return result;
  }
  if (*iat > now + leeway_seconds) {
    result.error = JwtError::kClaims;
    return result;
  }
  c.sub = *sub;
  c.iat = *iat;
  c.exp = *exp;
  c.jti = *jti;
  c.type = *type;
  result.claims = std::move(c);
  return result;
}

}  // namespace plangate::auth

#include "auth/oidc_jose.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>

#include <boost/json/parse.hpp>
#include <cmath>

namespace plangate::auth::oidc {

class PublicKey {
 public:
  explicit PublicKey(EVP_PKEY* key) : key_(key) {}
  ~PublicKey() { EVP_PKEY_free(key_); }
  PublicKey(const PublicKey&) = delete;
  PublicKey& operator=(const PublicKey&) = delete;
  EVP_PKEY* get() const { return key_; }

 private:
  EVP_PKEY* key_;
};

namespace {

// Provider tokens are a few KB; a bound keeps a hostile one from costing more.
constexpr std::size_t kMaxTokenBytes = 16 * 1024;
constexpr std::size_t kMaxJwksBytes = 256 * 1024;
constexpr int kMinRsaBits = 2048;
constexpr std::size_t kP256CoordinateBytes = 32;

std::optional<std::string> B64Url(std::string_view text) {
  std::string out(text.size() * 3 / 4 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

std::optional<boost::json::object> ParseObject(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::optional<std::string> StringField(const boost::json::object& o, std::string_view name) {
  auto it = o.find(name);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().as_string());
}

// A NumericDate: an integer, or a JSON number with a fraction (RFC 7519 allows one).
std::optional<std::int64_t> TimeField(const boost::json::object& o, std::string_view name) {
  auto it = o.find(name);
  if (it == o.end()) return std::nullopt;
  const auto& v = it->value();
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v.as_uint64());
  }
  if (v.is_double() && std::isfinite(v.as_double()) && std::abs(v.as_double()) < 9.0e15) {
    return static_cast<std::int64_t>(std::floor(v.as_double()));
  }
  return std::nullopt;
}

EVP_PKEY* FromParams(const char* type, OSSL_PARAM_BLD* bld) {
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* key = nullptr;
  if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
      EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    key = nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  return key;
}

EVP_PKEY* RsaKey(const std::string& n, const std::string& e) {
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()),
                           static_cast<int>(n.size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()),
                           static_cast<int>(e.size()), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  EVP_PKEY* key = nullptr;
  if (bn_n && bn_e && bld && BN_num_bits(bn_n) >= kMinRsaBits && BN_num_bits(bn_n) <= 16384 &&
      BN_is_odd(bn_e) && BN_num_bits(bn_e) > 1 &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) == 1) {
    key = FromParams("RSA", bld);
  }
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn_n);
  BN_free(bn_e);
  return key;
}

EVP_PKEY* P256Key(const std::string& x, const std::string& y) {
  if (x.size() != kP256CoordinateBytes || y.size() != kP256CoordinateBytes) return nullptr;
  std::string point = "\x04" + x + y;  // uncompressed SEC1 point
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  EVP_PKEY* key = nullptr;
  char group[] = "prime256v1";
  if (bld && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1 &&
      OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) ==
          1) {
    key = FromParams("EC", bld);
  }
  OSSL_PARAM_BLD_free(bld);
  if (!key) return nullptr;
  // A point off the curve would make every signature check meaningless.
  EVP_PKEY_CTX* check = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
  const bool on_curve = check && EVP_PKEY_public_check(check) == 1;
  EVP_PKEY_CTX_free(check);
  if (!on_curve) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  return key;
}

std::optional<Jwk> ParseKey(const boost::json::object& k) {
  auto kty = StringField(k, "kty");
  auto use = StringField(k, "use");
  auto alg = StringField(k, "alg");
  if (!kty || (use && *use != "sig")) return std::nullopt;
  Jwk jwk;
  jwk.kid = StringField(k, "kid").value_or("");
  EVP_PKEY* key = nullptr;
  if (*kty == "RSA") {
    if (alg && *alg != "RS256") return std::nullopt;
    auto n = StringField(k, "n");
    auto e = StringField(k, "e");
    auto n_raw = n ? B64Url(*n) : std::nullopt;
    auto e_raw = e ? B64Url(*e) : std::nullopt;
    if (!n_raw || !e_raw || e_raw->size() > 8) return std::nullopt;
    key = RsaKey(*n_raw, *e_raw);
    jwk.alg = "RS256";
  } else if (*kty == "EC") {
    if ((alg && *alg != "ES256") || StringField(k, "crv") != "P-256") return std::nullopt;
    auto x = StringField(k, "x");
    auto y = StringField(k, "y");
    auto x_raw = x ? B64Url(*x) : std::nullopt;
    auto y_raw = y ? B64Url(*y) : std::nullopt;
    if (!x_raw || !y_raw) return std::nullopt;
    key = P256Key(*x_raw, *y_raw);
    jwk.alg = "ES256";
  }
  if (!key) return std::nullopt;
  jwk.key = std::make_shared<const PublicKey>(key);
  return jwk;
}

// JWS ES256 signatures are r || s, 32 bytes each; OpenSSL verifies DER.
std::optional<std::string> EcdsaRawToDer(std::string_view raw) {
  if (raw.size() != 2 * kP256CoordinateBytes) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  BIGNUM* r = BN_bin2bn(bytes, kP256CoordinateBytes, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + kP256CoordinateBytes, kP256CoordinateBytes, nullptr);
  ECDSA_SIG* sig = ECDSA_SIG_new();
  if (!r || !s || !sig || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);  // owns r and s now
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

bool AudienceContains(const boost::json::value& aud, const std::string& client_id) {
  if (aud.is_string()) return aud.as_string() == client_id;
  if (!aud.is_array()) return false;
  for (const auto& a : aud.as_array()) {
    if (a.is_string() && a.as_string() == client_id) return true;
  }
  return false;
}

// Equal lengths compared without an early exit.
bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::optional<Jws> ParseCompactJws(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenBytes) return std::nullopt;
  auto dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return std::nullopt;
  auto dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  auto header_raw = B64Url(token.substr(0, dot1));
  auto payload_raw = B64Url(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = B64Url(token.substr(dot2 + 1));
  if (!header_raw || !payload_raw || !signature) return std::nullopt;
  auto header = ParseObject(*header_raw);
  auto claims = ParseObject(*payload_raw);
  if (!header || !claims) return std::nullopt;
  auto alg = StringField(*header, "alg");
  if (!alg) return std::nullopt;
  // A critical extension we do not implement must be refused (RFC 7515 4.1.11).
  if (header->contains("crit")) return std::nullopt;
  Jws jws;
  jws.alg = *alg;
  auto kid = header->find("kid");
  if (kid != header->end()) {
    if (!kid->value().is_string()) return std::nullopt;
    jws.kid = std::string(kid->value().as_string());
  }
  jws.claims = std::move(*claims);
  jws.signing_input = std::string(token.substr(0, dot2));
  jws.signature = std::move(*signature);
  return jws;
}

std::optional<std::vector<Jwk>> ParseJwks(std::string_view json) {
  if (json.size() > kMaxJwksBytes) return std::nullopt;
  auto doc = ParseObject(json);
  if (!doc) return std::nullopt;
  auto keys = doc->find("keys");
  if (keys == doc->end() || !keys->value().is_array()) return std::nullopt;
  std::vector<Jwk> out;
  for (const auto& k : keys->value().as_array()) {
    if (!k.is_object()) continue;
    if (auto jwk = ParseKey(k.as_object())) out.push_back(std::move(*jwk));
  }
  return out;
}

bool VerifySignature(const Jws& jws, const Jwk& key) {
  if (!key.key || jws.alg != key.alg) return false;
  std::string signature;
  if (key.alg == "ES256") {
    auto der = EcdsaRawToDer(jws.signature);
    if (!der) return false;
    signature = std::move(*der);
  } else if (key.alg == "RS256") {
    signature = jws.signature;
  } else {
    return false;
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key.key->get()) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(),
                             reinterpret_cast<const unsigned char*>(jws.signing_input.data()),
                             jws.signing_input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

std::string_view IdTokenErrorName(IdTokenError error) {
  switch (error) {
    case IdTokenError::kMalformed:
      return "malformed";
    case IdTokenError::kAlgorithm:
      return "algorithm";
    case IdTokenError::kUnknownKey:
      return "unknown_key";
    case IdTokenError::kSignature:
      return "signature";
    case IdTokenError::kIssuer:
      return "issuer";
    case IdTokenError::kAudience:
      return "audience";
    case IdTokenError::kAuthorizedParty:
      return "authorized_party";
    case IdTokenError::kExpired:
      return "expired";
    case IdTokenError::kIssuedInFuture:
      return "issued_in_future";
    case IdTokenError::kNonce:
      return "nonce";
    case IdTokenError::kSubject:
      return "subject";
  }
  return "malformed";
}

std::optional<IdTokenError> CheckClaims(const boost::json::object& claims,
                                        const IdTokenExpectations& expect) {
  if (StringField(claims, "iss") != expect.issuer) return IdTokenError::kIssuer;
  auto aud = claims.find("aud");
  if (aud == claims.end() || !AudienceContains(aud->value(), expect.client_id)) {
    return IdTokenError::kAudience;
  }
  if (claims.contains("azp") && StringField(claims, "azp") != expect.client_id) {
    return IdTokenError::kAuthorizedParty;
  }
  auto exp = TimeField(claims, "exp");
  if (!exp || *exp <= expect.now) return IdTokenError::kExpired;
  auto iat = TimeField(claims, "iat");
  if (!iat || *iat > expect.now + kIatLeewaySeconds) return IdTokenError::kIssuedInFuture;
  auto nonce = StringField(claims, "nonce");
  if (!nonce || expect.nonce.empty() || !SameSecret(*nonce, expect.nonce)) {
    return IdTokenError::kNonce;
  }
  auto sub = StringField(claims, "sub");
  if (!sub || sub->empty() || sub->size() > 255) return IdTokenError::kSubject;
  return std::nullopt;
}

IdTokenResult VerifyIdToken(std::string_view token, const std::vector<Jwk>& keys,
                            const IdTokenExpectations& expect) {
  IdTokenResult result;
  auto jws = ParseCompactJws(token);
  if (!jws) return result;
  if (jws->alg != "RS256" && jws->alg != "ES256") {
    result.error = IdTokenError::kAlgorithm;
    return result;
  }
  // The header's kid picks the key; without one, only a set with a single key of the header's
  // algorithm is unambiguous.
  const Jwk* key = nullptr;
  int candidates = 0;
  for (const auto& k : keys) {
    if (jws->kid.empty() ? k.alg == jws->alg : k.kid == jws->kid) {
      key = &k;
      ++candidates;
    }
  }
  if (!key || candidates != 1) {
    result.error = IdTokenError::kUnknownKey;
    return result;
  }
  if (!VerifySignature(*jws, *key)) {
    result.error = IdTokenError::kSignature;
    return result;
  }
  if (auto problem = CheckClaims(jws->claims, expect)) {
    result.error = *problem;
    return result;
  }
  IdTokenClaims claims;
  claims.sub = *StringField(jws->claims, "sub");
  claims.email = StringField(jws->claims, "email");
  auto verified = jws->claims.find("email_verified");
  claims.email_verified =
      verified != jws->claims.end() && verified->value().is_bool() && verified->value().as_bool();
  result.claims = std::move(claims);
  return result;
}

}  // namespace plangate::auth::oidc

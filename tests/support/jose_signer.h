#pragma once
// Test keys that sign like an OpenID provider: an RSA (RS256) or P-256 (ES256) key made fresh
// with OpenSSL, its public JWK, and compact JWS tokens signed with it (or deliberately not).

#include <memory>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace plangate::testing {

class SigningKey {
 public:
  enum class Type { kRsa, kP256 };
  SigningKey(Type type, std::string kid);
  ~SigningKey();
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  const std::string& kid() const { return kid_; }
  std::string_view alg() const { return type_ == Type::kRsa ? "RS256" : "ES256"; }
  // The public key as a JWK (with kid, alg and use).
  boost::json::object Jwk() const;
  // header + claims signed with this key; header gets alg and kid unless it sets them.
  std::string Sign(const boost::json::object& claims, boost::json::object header = {}) const;
  // The raw signature of `input` (JWS form: PKCS#1 v1.5, or r || s for ES256).
  std::string SignBytes(std::string_view input) const;

 private:
  struct Key;
  Type type_;
  std::string kid_;
  std::unique_ptr<Key> key_;
};

std::string B64Url(std::string_view bytes);

}  // namespace plangate::testing

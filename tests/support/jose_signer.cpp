#include "support/jose_signer.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <sodium.h>

#include <boost/json/serialize.hpp>
#include <stdexcept>

namespace plangate::testing {

struct SigningKey::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

namespace {
std::string BnParam(EVP_PKEY* key, const char* name, int pad = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) throw std::runtime_error(name);
  std::string out(pad > 0 ? pad : BN_num_bytes(bn), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  BN_free(bn);
  return out;
}
}  // namespace

std::string B64Url(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

SigningKey::SigningKey(Type type, std::string kid)
    : type_(type), kid_(std::move(kid)), key_(std::make_unique<Key>()) {
  key_->pkey = type == Type::kRsa ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256");
  if (!key_->pkey) throw std::runtime_error("key generation failed");
}

SigningKey::~SigningKey() = default;

boost::json::object SigningKey::Jwk() const {
  boost::json::object jwk{{"kid", kid_}, {"use", "sig"}, {"alg", alg()}};
  if (type_ == Type::kRsa) {
    jwk["kty"] = "RSA";
    jwk["n"] = B64Url(BnParam(key_->pkey, OSSL_PKEY_PARAM_RSA_N));
    jwk["e"] = B64Url(BnParam(key_->pkey, OSSL_PKEY_PARAM_RSA_E));
  } else {
    jwk["kty"] = "EC";
    jwk["crv"] = "P-256";
    jwk["x"] = B64Url(BnParam(key_->pkey, OSSL_PKEY_PARAM_EC_PUB_X, 32));
    jwk["y"] = B64Url(BnParam(key_->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, 32));
  }
  return jwk;
}

std::string SigningKey::SignBytes(std::string_view input) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t len = 0;
  std::string sig;
  if (EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_->pkey) != 1 ||
      EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    EVP_MD_CTX_free(ctx);
    throw std::runtime_error("sign failed");
  }
  sig.resize(len);
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                 reinterpret_cast<const unsigned char*>(input.data()), input.size());
  sig.resize(len);
  EVP_MD_CTX_free(ctx);
  if (type_ == Type::kRsa) return sig;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(sig.data());
  ECDSA_SIG* ecdsa = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
  std::string raw(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(ecdsa), reinterpret_cast<unsigned char*>(raw.data()), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(ecdsa), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
  ECDSA_SIG_free(ecdsa);
  return raw;
}

std::string SigningKey::Sign(const boost::json::object& claims, boost::json::object header) const {
  if (!header.contains("alg")) header["alg"] = alg();
  if (!header.contains("kid")) header["kid"] = kid_;
  header.emplace("typ", "JWT");
  // "kid": null asks for a header without one.
  if (auto* kid = header.if_contains("kid"); kid && kid->is_null()) header.erase("kid");
  std::string input =
      B64Url(boost::json::serialize(header)) + "." + B64Url(boost::json::serialize(claims));
  return input + "." + B64Url(SignBytes(input));
}

}  // namespace plangate::testing

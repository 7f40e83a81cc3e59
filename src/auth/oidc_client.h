#pragma once
// One OpenID Connect provider as plangate talks to it over HTTPS (libcurl): its discovery
// document and key set, both cached, and the authorization-code exchange. Every call ends by the
// deadline it is given; a provider that cannot be reached, or answers nonsense, is a
// ProviderError.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/oidc_jose.h"

namespace plangate::auth::oidc {

class ProviderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ProviderSettings {
  std::string name;
  std::string issuer;
  std::string client_id;
  std::string client_secret;
};

struct ProviderMetadata {
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  bool client_secret_post = false;  // only client_secret_post is listed
};

using Deadline = std::chrono::steady_clock::time_point;

class ProviderClient {
 public:
  explicit ProviderClient(ProviderSettings settings);

  const ProviderSettings& settings() const { return settings_; }
  // The discovery document (<issuer>/.well-known/openid-configuration), cached for an hour;
  // `now` is Unix seconds.
  ProviderMetadata Metadata(std::int64_t now, Deadline deadline);
  // The cached key set, fetched when there is none.
  std::vector<Jwk> Keys(std::int64_t now, Deadline deadline);
  // The key set fetched again (an unknown kid: the provider rotated), unless it was fetched less
  // than a minute ago; returns whether it was.
  bool RefreshKeys(std::int64_t now, Deadline deadline);
  // The ID token the token endpoint gives for the code; ProviderError when it refuses.
  std::string ExchangeCode(const std::string& code, const std::string& code_verifier,
                           const std::string& redirect_uri, std::int64_t now, Deadline deadline);

 private:
  void FetchKeys(const ProviderMetadata& metadata, std::int64_t now, Deadline deadline);

  ProviderSettings settings_;
  std::mutex mu_;
  std::optional<ProviderMetadata> metadata_;
  std::int64_t metadata_fetched_at_ = 0;
  std::optional<std::vector<Jwk>> keys_;
  std::int64_t keys_fetched_at_ = 0;
};

}  // namespace plangate::auth::oidc

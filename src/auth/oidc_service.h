#pragma once
// Sign in with an OpenID Connect provider (contract v1.2): the authorization-code flow with
// PKCE, from the start redirect to the signed-in user, and the identities linked to a user.
// Every failure of a callback is one of the contract's reasons; the handler turns them into
// redirects to the web app.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/oidc_client.h"
#include "auth/oidc_repo.h"
#include "auth/service.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/request_meta.h"
#include "db/database.h"
#include "ops/rate_limiter.h"

namespace plangate::auth {

struct OidcStart {
  std::string location;  // the provider's authorization endpoint with the request's parameters
  std::string state;     // for the oidc_state cookie
};

struct OidcCallbackInput {
  std::optional<std::string> state, code, error;
  std::optional<std::string> state_cookie;
};

struct OidcOutcome {
  std::string error;  // a reason of the contract, or "" on success
  std::string next = "/";
  std::optional<IssuedTokens> tokens;  // signed in
  std::string mfa_token;               // or the second factor is due
};

class OidcService {
 public:
  OidcService(const core::Config& config, db::Database& db, const core::Clock& clock,
              const logging::Logger& logger, ops::RateLimiter& limiter, AuthService& auth);

  const std::vector<core::OidcProviderConfig>& providers() const { return config_.oidc_providers; }

  // 502 OIDC_PROVIDER_ERROR when the discovery document cannot be had; VALIDATION_ERROR on next.
  // origin: where the API was reached (PUBLIC_URL when set), for the redirect URI. deadline: by
  // when every provider call made for this request must end.
  OidcStart Start(const core::RequestMeta& req, const std::string& provider,
                  const std::optional<std::string>& next, const std::string& origin,
                  oidc::Deadline deadline);
  OidcOutcome Callback(const core::RequestMeta& req, const std::string& provider,
                       const OidcCallbackInput& in, oidc::Deadline deadline);

  std::vector<oidc_repo::Identity> ListIdentities(std::int64_t user_id);
  // 404 for another user's or an unknown id; 409 LAST_SIGN_IN_METHOD for the last identity of a
  // user without a password.
  void Unlink(const core::RequestMeta& req, std::int64_t user_id, std::int64_t identity_id);

 private:
  oidc::ProviderClient& Client(const std::string& provider);
  OidcOutcome Fail(const core::RequestMeta& req, const std::string& provider, std::string reason,
                   std::string next = "/") const;

  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  ops::RateLimiter& limiter_;
  AuthService& auth_;
  std::vector<std::unique_ptr<oidc::ProviderClient>> clients_;
};

// Whether `next` is a path of this site: starts with one '/', no backslash or control character.
bool SafeNextPath(std::string_view next);

}  // namespace plangate::auth

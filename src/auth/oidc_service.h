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

#include "app/clock.h"
#include "app/config.h"
#include "app/logging.h"
#include "auth/oidc_client.h"
#include "auth/oidc_repo.h"
#include "auth/rate_limiter.h"
#include "auth/service.h"
#include "db/database.h"
#include "http/message.h"

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
  OidcService(const app::Config& config, db::Database& db, const app::Clock& clock,
              const logging::Logger& logger, RateLimiter& limiter, AuthService& auth);

  const std::vector<app::OidcProviderConfig>& providers() const { return config_.oidc_providers; }

  // 502 OIDC_PROVIDER_ERROR when the discovery document cannot be had; VALIDATION_ERROR on next.
  OidcStart Start(const http::Request& req, const std::string& provider,
                  const std::optional<std::string>& next);
  OidcOutcome Callback(const http::Request& req, const std::string& provider,
                       const OidcCallbackInput& in);

  std::vector<oidc_repo::Identity> ListIdentities(std::int64_t user_id);
  // 404 for another user's or an unknown id; 409 LAST_SIGN_IN_METHOD for the last identity of a
  // user without a password.
  void Unlink(const http::Request& req, std::int64_t user_id, std::int64_t identity_id);

 private:
  oidc::ProviderClient& Client(const std::string& provider);
  // By when a provider call made for req must end: OIDC_TIMEOUT_MS after the request arrived
  // (its wait for a thread included).
  oidc::Deadline DeadlineOf(const http::Request& req) const;
  OidcOutcome Fail(const http::Request& req, const std::string& provider, std::string reason,
                   std::string next = "/") const;

  const app::Config& config_;
  db::Database& db_;
  const app::Clock& clock_;
  const logging::Logger& logger_;
  RateLimiter& limiter_;
  AuthService& auth_;
  std::vector<std::unique_ptr<oidc::ProviderClient>> clients_;
};

// Whether `next` is a path of this site: starts with one '/', no backslash or control character.
bool SafeNextPath(std::string_view next);

}  // namespace plangate::auth

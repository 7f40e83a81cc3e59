#pragma once
// HTTP handlers for /api/v1/auth/oidc/* and /api/v1/auth/identities: read the query and cookies,
// call OidcService, render. The callback answers every outcome with a redirect to the web app.

#include <string>

#include "auth/handlers.h"
#include "auth/oidc_service.h"
#include "core/config.h"
#include "http/router.h"

namespace plangate::auth {

class OidcHandlers {
 public:
  OidcHandlers(const core::Config& config, OidcService& service, AuthHandlers& auth)
      : config_(config), service_(service), auth_(auth) {}

  http::Response ListProviders(http::Context& c);
  // The provider is the route's {name}; an unknown one is a 404.
  http::Response Start(http::Context& c);
  http::Response Callback(http::Context& c);
  http::Response ListIdentities(http::Context& c);
  http::Response Unlink(http::Context& c);

 private:
  std::string StateCookie(const std::string& value, int max_age) const;
  oidc::Deadline DeadlineOf(const http::Request& req) const;

  const core::Config& config_;
  OidcService& service_;
  AuthHandlers& auth_;
};

// Identities as GET /auth/identities shows them (also in the data export).
boost::json::array IdentitiesJson(const std::vector<oidc_repo::Identity>& identities);

}  // namespace plangate::auth

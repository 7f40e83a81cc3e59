#pragma once
// HTTP handlers for /api/v1/auth/oidc/* and /api/v1/auth/identities: read the query and cookies,
// call OidcService, render. The callback answers every outcome with a redirect to the web app.

#include <string>

#include "app/config.h"
#include "auth/handlers.h"
#include "auth/oidc_service.h"
#include "http/router.h"

namespace plangate::auth {

class OidcHandlers {
 public:
  OidcHandlers(const app::Config& config, OidcService& service, AuthHandlers& auth)
      : config_(config), service_(service), auth_(auth) {}

  http::Response ListProviders(http::Context& c);
  // The provider is fixed per route (one pair of routes per configured provider).
  http::Response Start(http::Context& c, const std::string& provider);
  http::Response Callback(http::Context& c, const std::string& provider);
  http::Response ListIdentities(http::Context& c);
  http::Response Unlink(http::Context& c);

 private:
  std::string StateCookie(const std::string& value, int max_age) const;
  oidc::Deadline DeadlineOf(const http::Request& req) const;

  const app::Config& config_;
  OidcService& service_;
  AuthHandlers& auth_;
};

}  // namespace plangate::auth

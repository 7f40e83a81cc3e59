#pragma once
// The OpenID Connect sign-in routes (/api/v1/auth/oidc/*, /api/v1/auth/identities) of the route
// table, with their OpenAPI documentation; BuildRoutes appends them after the other auth routes.

#include <vector>

#include "app/config.h"
#include "auth/oidc_handlers.h"
#include "http/router.h"

namespace plangate::app {

// A start and a callback route per configured provider (path parameters match ids only, and an
// unknown provider is then the router's plain 404).
void AppendOidcRoutes(std::vector<http::Route>& routes, const Config& config,
                      auth::OidcHandlers& oidc);

}  // namespace plangate::app

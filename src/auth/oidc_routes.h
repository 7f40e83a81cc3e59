#pragma once
// The OpenID Connect sign-in routes (/api/v1/auth/oidc/*, /api/v1/auth/identities) of the route
// table, with their OpenAPI documentation; AuthRoutes appends them after the other auth routes.

#include <vector>

#include "auth/oidc_handlers.h"
#include "http/router.h"

namespace plangate::auth {

// Start and callback take the provider's name as a path parameter; an unknown one is a 404.
void AppendOidcRoutes(std::vector<http::Route>& routes, OidcHandlers& oidc);

}  // namespace plangate::auth

#pragma once
// The two-factor sign-in routes (/api/v1/auth/mfa/*) of the route table, with their OpenAPI
// documentation; AuthRoutes appends them after the other auth routes.

#include <vector>

#include "auth/mfa_handlers.h"
#include "http/router.h"

namespace plangate::auth {

void AppendMfaRoutes(std::vector<http::Route>& routes, MfaHandlers& mfa);

}  // namespace plangate::auth

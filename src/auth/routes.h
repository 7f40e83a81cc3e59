#pragma once
// The auth feature's routes (/api/v1/auth/*): accounts, tokens, sessions, email change,
// export and deletion, then two-factor and OpenID Connect sign-in; app/ joins the lists.

#include <vector>

#include "auth/account_handlers.h"
#include "auth/handlers.h"
#include "auth/mfa_handlers.h"
#include "auth/oidc_handlers.h"
#include "http/router.h"

namespace plangate::auth {

std::vector<http::Route> AuthRoutes(AuthHandlers& auth, AccountHandlers& account, MfaHandlers& mfa,
                                    OidcHandlers& oidc);

}  // namespace plangate::auth

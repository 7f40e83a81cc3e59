#include "auth/oidc_routes.h"

#include "http/route_docs.h"

namespace plangate::auth {

using namespace http::route_names;

void AppendOidcRoutes(std::vector<Route>& routes, OidcHandlers& oidc) {
  routes.push_back(
      Route{Method::kGet, "/api/v1/auth/oidc/providers", AuthRequirement::kNone, Execution::kInline,
            [&oidc](http::Context& c) { return oidc.ListProviders(c); },
            RouteDoc{"The OpenID Connect providers offered for \"Sign in with ...\"",
                     "auth",
                     "",
                     {ResponseDoc{200,
                                  "In OIDC_PROVIDERS order; empty when none is configured.",
                                  "OidcProviderList",
                                  {}}}}});
  using Q = http::QueryParamDoc;
  routes.push_back(Route{
      Method::kGet, "/api/v1/auth/oidc/{name:slug}/start", AuthRequirement::kNone,
      Execution::kOutboundPool, [&oidc](http::Context& c) { return oidc.Start(c); },
      RouteDoc{
          "Sign in with a provider: redirects to it",
          "auth",
          "",
          {ResponseDoc{302,
                       "To the provider's authorization_endpoint (response_type=code, "
                       "client_id, redirect_uri, scope, state, nonce, code_challenge with "
                       "code_challenge_method=S256). Sets the oidc_state cookie (HttpOnly, "
                       "Path=/api/v1/auth/oidc, SameSite=Lax, Max-Age=600).",
                       "",
                       {}},
           Error(400, "next is not a path starting with a single /.", {"VALIDATION_ERROR"}),
           Error(404, "No provider of that name is configured.", {"NOT_FOUND"}), http::kRateLimited,
           Error(502, "The provider's discovery document could not be had within 10 s.",
                 {"OIDC_PROVIDER_ERROR"}),
           http::kUnavailable},
          "`name` is one of GET /api/v1/auth/oidc/providers. Rate limited per client IP "
          "(RATE_LIMIT_OIDC_START_IP, default 30/min). Runs on the outbound threads "
          "(STRIPE_CONCURRENCY), so a hanging provider holds only them.",
          {Q{"next", Q::Type::kString,
             "Where the web app goes after signing in: a path starting with / and not // "
             "(default /)."}}}});
  routes.push_back(Route{
      Method::kGet, "/api/v1/auth/oidc/{name:slug}/callback", AuthRequirement::kNone,
      Execution::kOutboundPool, [&oidc](http::Context& c) { return oidc.Callback(c); },
      RouteDoc{"Where the provider sends the browser back (the redirect URI to register)",
               "auth",
               "",
               {ResponseDoc{302,
                            "Always a redirect to {FRONTEND_URL}/auth/callback: with next and "
                            "the refresh_token cookie set when signed in; with mfa_token and "
                            "next (no cookie) when two-factor sign-in is on (continue with POST "
                            "/api/v1/auth/mfa/verify); with error=oidc_state_invalid | "
                            "oidc_denied | oidc_exchange_failed | oidc_token_invalid | "
                            "oidc_email_unverified | account_disabled otherwise.",
                            "",
                            {}},
                Error(404, "No provider of that name is configured.", {"NOT_FOUND"}),
                http::kUnavailable},
               "The state is checked first and works once, whatever the outcome. The user is "
               "the one linked to (provider, sub); else the user with the token's verified "
               "email (which links it); else a new verified user without a password.",
               {Q{"code", Q::Type::kString, "The authorization code."},
                Q{"state", Q::Type::kString, "The state sent at start."},
                Q{"error", Q::Type::kString, "The provider's error (e.g. access_denied)."}}}});
  routes.push_back(Route{Method::kGet, "/api/v1/auth/identities", AuthRequirement::kUser,
                         Execution::kWorkerPool,
                         [&oidc](http::Context& c) { return oidc.ListIdentities(c); },
                         RouteDoc{"The caller's linked provider identities",
                                  "auth",
                                  "",
                                  {ResponseDoc{200, "Oldest first.", "IdentityList", {}},
                                   http::kUnauthenticated, http::kDisabled, http::kUnavailable}}});
  routes.push_back(Route{
      Method::kDelete, "/api/v1/auth/identities/{id}", AuthRequirement::kUser,
      Execution::kWorkerPool, [&oidc](http::Context& c) { return oidc.Unlink(c); },
      RouteDoc{
          "Unlink a provider identity",
          "auth",
          "",
          {ResponseDoc{204, "Unlinked.", "", {}},
           Error(404, "Not an identity of the caller.", {"NOT_FOUND"}),
           Error(409, "The last identity of a user without a password.", {"LAST_SIGN_IN_METHOD"}),
           http::kUnauthenticated, http::kDisabled, http::kUnavailable}}});
}

}  // namespace plangate::auth

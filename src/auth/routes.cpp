#include "auth/routes.h"

#include "auth/account_deletion.h"
#include "auth/mfa_routes.h"
#include "auth/oidc_routes.h"
#include "http/route_docs.h"

namespace plangate::auth {

using namespace http::route_names;

namespace {

const ResponseDoc kCsrf = Error(
    403,
    "X-Requested-With: XMLHttpRequest missing, or a foreign Origin; or the account is disabled.",
    {"CSRF_FAILED", "ACCOUNT_DISABLED"});

}  // namespace

std::vector<Route> AuthRoutes(AuthHandlers& auth, AccountHandlers& account, MfaHandlers& mfa,
                              OidcHandlers& oidc) {
  std::vector<Route> routes;
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/register", AuthRequirement::kNone, Execution::kWorkerPool,
      Bind(auth, &auth::AuthHandlers::Register),
      RouteDoc{"Create an account and send a verification email",
               "auth",
               "RegisterRequest",
               {ResponseDoc{201,
                            "Accepted. The same answer for a new and an already registered "
                            "email (no account enumeration).",
                            "Detail",
                            {}},
                http::kRateLimited, http::kUnavailable},
               "Password policy: 8-128 characters, not entirely numeric, not the email or its "
               "local part, not a common password (cracklib)."}});
  routes.push_back(Route{Method::kPost, "/api/v1/auth/verify-email", AuthRequirement::kNone,
                         Execution::kWorkerPool, Bind(auth, &auth::AuthHandlers::VerifyEmail),
                         RouteDoc{"Verify an email address with the token from the email",
                                  "auth",
                                  "TokenRequest",
                                  {ResponseDoc{200, "The email is verified.", "Detail", {}},
                                   Error(400, "Unknown, used or expired token; or invalid input.",
                                         {"INVALID_TOKEN", "VALIDATION_ERROR"}),
                                   http::kRateLimited, http::kUnavailable}}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/resend-verification", AuthRequirement::kNone,
      Execution::kWorkerPool, Bind(auth, &auth::AuthHandlers::ResendVerification),
      RouteDoc{
          "Send a new verification email",
          "auth",
          "EmailRequest",
          {ResponseDoc{
               202, "Always 202; mail goes only to an existing unverified user.", "Detail", {}},
           http::kRateLimited, http::kUnavailable}}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/login", AuthRequirement::kNone, Execution::kWorkerPool,
      Bind(auth, &auth::AuthHandlers::Login),
      RouteDoc{
          "Log in: an access token in the body, the refresh token in an HttpOnly cookie",
          "auth",
          "LoginRequest",
          {ResponseDoc{200,
                       "Logged in. Sets the refresh_token cookie (HttpOnly, Path=/api/v1/auth).",
                       "TokenResponse",
                       {}},
           Error(401, "Unknown email or wrong password (one answer for both).",
                 {"INVALID_CREDENTIALS"}),
           Error(403,
                 "Right password, but the email is unverified or the account disabled; or, for "
                 "a user with two-factor sign-in on (verified, enabled), MFA_REQUIRED with the "
                 "extra fields mfa_token and expires_in: 300 (see MfaRequiredError), and no "
                 "cookie: continue with POST /api/v1/auth/mfa/verify.",
                 {"EMAIL_NOT_VERIFIED", "ACCOUNT_DISABLED", "MFA_REQUIRED"}),
           http::kRateLimited, http::kUnavailable}}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/token/refresh", AuthRequirement::kNone, Execution::kWorkerPool,
      Bind(auth, &auth::AuthHandlers::RefreshToken),
      RouteDoc{"Rotate the refresh cookie and get a new access token",
               "auth",
               "",
               {ResponseDoc{200,
                            "Rotated: the presented refresh token is spent and a new cookie set.",
                            "TokenResponse",
                            {}},
                Error(401, "Refresh cookie missing, unknown, expired, revoked or reused.",
                      {"REFRESH_TOKEN_INVALID"}),
                kCsrf, http::kUnavailable},
               "Cookie-authenticated: needs X-Requested-With: XMLHttpRequest, and an Origin, when "
               "sent, of this API or CORS_ALLOWED_ORIGINS."}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/logout", AuthRequirement::kNone, Execution::kWorkerPool,
      Bind(auth, &auth::AuthHandlers::Logout),
      RouteDoc{
          "Log out this session (or every session with {\"all\": true})",
          "auth",
          "LogoutRequest",
          {ResponseDoc{204, "Logged out and cookie cleared; also without a valid cookie.", "", {}},
           kCsrf, http::kUnavailable},
          "The body is optional."}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/password/forgot", AuthRequirement::kNone, Execution::kWorkerPool,
      Bind(auth, &auth::AuthHandlers::ForgotPassword),
      RouteDoc{"Email a password-reset link",
               "auth",
               "EmailRequest",
               {ResponseDoc{202, "Always 202; mail goes only to an existing user.", "Detail", {}},
                http::kRateLimited, http::kUnavailable}}});
  routes.push_back(
      Route{Method::kPost, "/api/v1/auth/password/reset", AuthRequirement::kNone,
            Execution::kWorkerPool, Bind(auth, &auth::AuthHandlers::ResetPassword),
            RouteDoc{"Set a new password with the token from the reset email",
                     "auth",
                     "ResetPasswordRequest",
                     {ResponseDoc{200,
                                  "Password set; every session is revoked and the email counts as "
                                  "verified.",
                                  "Detail",
                                  {}},
                      Error(400,
                            "Unknown, used or expired token; or a weak password (the token is then "
                            "not used up).",
                            {"INVALID_TOKEN", "VALIDATION_ERROR"}),
                      http::kRateLimited, http::kUnavailable}}});
  routes.push_back(
      Route{Method::kPost, "/api/v1/auth/password/change", AuthRequirement::kUser,
            Execution::kWorkerPool, Bind(auth, &auth::AuthHandlers::ChangePassword),
            RouteDoc{"Change the password (revokes the user's other sessions)",
                     "auth",
                     "ChangePasswordRequest",
                     {ResponseDoc{200, "Password changed.", "Detail", {}}, http::kUnauthenticated,
                      http::kDisabled, http::kRateLimited, http::kUnavailable},
                     "Rate limited like login, every attempt counting: per user "
                     "(RATE_LIMIT_PASSWORD_CHANGE_USER, default 5/min) and per "
                     "client IP (RATE_LIMIT_PASSWORD_CHANGE_IP, default 30/min)."}});
  routes.push_back(Route{Method::kGet, "/api/v1/auth/me", AuthRequirement::kUser,
                         Execution::kInlineWhenPrepared, Bind(auth, &auth::AuthHandlers::Me),
                         RouteDoc{"The current user",
                                  "auth",
                                  "",
                                  {ResponseDoc{200, "The user.", "User", {}},
                                   http::kUnauthenticated, http::kDisabled, http::kUnavailable}}});

  // --- Auth v1.1: sessions (devices), email change, export -------------------------------------
  routes.push_back(Route{
      Method::kGet, "/api/v1/auth/sessions", AuthRequirement::kUser, Execution::kWorkerPool,
      Bind(account, &auth::AccountHandlers::ListSessions),
      RouteDoc{"The caller's signed-in sessions (devices), newest first",
               "auth",
               "",
               {ResponseDoc{200,
                            "One Session per live refresh family (one sign-in and its "
                            "rotations). current is true for the family of the refresh cookie "
                            "sent with the call (its Path, /api/v1/auth, covers this route).",
                            "SessionList",
                            {}},
                http::kUnauthenticated, http::kDisabled, http::kUnavailable},
               "A Session's id is the id of its family's first refresh row: stable for the "
               "family's life, and only meaningful to its own user. ip and user_agent are as seen "
               "at sign-in (user_agent cut to 256 code points); both are null for sessions "
               "signed in before they were recorded. last_used_at is the latest sign-in or "
               "refresh of the family."}});
  routes.push_back(Route{
      Method::kDelete, "/api/v1/auth/sessions/{id}", AuthRequirement::kUser, Execution::kWorkerPool,
      Bind(account, &auth::AccountHandlers::RevokeSession),
      RouteDoc{"Sign out one session (device)",
               "auth",
               "",
               {ResponseDoc{204,
                            "Revoked at once: its refresh tokens die; its access tokens live out "
                            "their TTL.",
                            "",
                            {}},
                Error(404,
                      "Not a live session of the caller (another user's, revoked, expired "
                      "or unknown).",
                      {"NOT_FOUND"}),
                http::kUnauthenticated, http::kDisabled, http::kUnavailable},
               "Revoking the current session is allowed; its refresh cookie then stops working."}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/email/change", AuthRequirement::kUser, Execution::kWorkerPool,
      Bind(account, &auth::AccountHandlers::ChangeEmail),
      RouteDoc{"Ask to change the email address (a link goes to the new one)",
               "auth",
               "EmailChangeRequest",
               {ResponseDoc{202,
                            "Accepted. The same answer whether or not the new address belongs to "
                            "another account (no account enumeration).",
                            "Detail",
                            {}},
                http::kUnauthenticated, http::kDisabled, http::kRateLimited, http::kUnavailable},
               "Wrong password: VALIDATION_ERROR on password; malformed or equal to the current "
               "address: VALIDATION_ERROR on new_email. Mails "
               "{FRONTEND_URL}/confirm-email-change?token=... (single use, 24 h) to the new "
               "address and a notice to the current one; when the new address has an account, it "
               "is told someone tried to use it and no link is made. A new request ends the "
               "links of earlier ones, and so do password/reset and password/change. Rate limited "
               "like password/change, every attempt counting, in buckets of its own: per user "
               "(RATE_LIMIT_PASSWORD_CHANGE_USER, default 5/min) and per client IP "
               "(RATE_LIMIT_PASSWORD_CHANGE_IP, default 30/min)."}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/email/change/confirm", AuthRequirement::kNone,
      Execution::kWorkerPool, Bind(account, &auth::AccountHandlers::ConfirmEmailChange),
      RouteDoc{"Confirm an email change with the token from the link",
               "auth",
               "TokenRequest",
               {ResponseDoc{200,
                            "The address is changed and verified; the user's other sessions are "
                            "revoked (all of them when no refresh cookie came), outstanding "
                            "password-reset links die.",
                            "User",
                            {}},
                Error(400, "Unknown, used or expired token; or invalid input.",
                      {"INVALID_TOKEN", "VALIDATION_ERROR"}),
                Error(403, "The account has been disabled by an admin (the token is kept).",
                      {"ACCOUNT_DISABLED"}),
                Error(409, "Another account took the address meanwhile (the token is kept).",
                      {"EMAIL_TAKEN"}),
                http::kRateLimited, http::kUnavailable},
               "Needs no access token: the link may be opened anywhere. Of two confirms of one "
               "token, one succeeds and the other gets INVALID_TOKEN. When the user has a Stripe "
               "customer, its email is updated (POST /v1/customers/{id}) from a queue: within "
               "seconds while Stripe answers, retried with backoff otherwise; a Stripe failure "
               "never undoes the change. Rate limited like verify-email, in a bucket of its own "
               "(RATE_LIMIT_VERIFY_EMAIL_IP, default 10/min per client IP)."}});
  routes.push_back(Route{
      Method::kGet, "/api/v1/auth/me/export", AuthRequirement::kUser, Execution::kWorkerPool,
      Bind(account, &auth::AccountHandlers::Export),
      RouteDoc{"Download everything stored about the caller, as JSON",
               "auth",
               "",
               {ResponseDoc{200,
                            "Content-Disposition: attachment. user, apps (owned), collaborations "
                            "(member, not owner), subscription (newest, or null), sessions (as "
                            "GET sessions). No password hash, token or secret.",
                            "AccountExport",
                            {}},
                http::kUnauthenticated, http::kDisabled, http::kUnavailable}}});
  routes.push_back(Route{
      Method::kDelete, "/api/v1/auth/me", AuthRequirement::kUser, Execution::kOutboundPool,
      Bind(account, &auth::AccountHandlers::DeleteMe),
      RouteDoc{
          "Delete the caller's account and everything stored with it",
          "auth",
          "DeleteAccountRequest",
          {ResponseDoc{204, "Deleted; a goodbye mail is on its way.", "", {}},
           Error(400, "A wrong or missing code while two-factor sign-in is on; or invalid input.",
                 {"INVALID_MFA_CODE", "VALIDATION_ERROR"}),
           http::kUnauthenticated,
           Error(403,
                 "A staff account, or the account is disabled; or a user without a password "
                 "whose refresh cookie is not from a sign-in in the last " +
                     std::to_string(auth::AccountDeletion::kReauthenticationWindow / 60) +
                     " minutes.",
                 {"PERMISSION_DENIED", "ACCOUNT_DISABLED", "REAUTHENTICATION_REQUIRED"}),
           Error(502, "Stripe did not cancel the live subscription; nothing was deleted.",
                 {"BILLING_PROVIDER_ERROR"}),
           Error(503,
                 "The database is unreachable, or a live subscription exists and billing "
                 "is not configured; nothing was deleted.",
                 {"SERVICE_UNAVAILABLE", "BILLING_NOT_CONFIGURED"}),
           http::kRateLimited},
          "Cancels a live Stripe subscription at once first; then deletes, in one "
          "transaction, the apps the caller owns (with their memberships and invitations), "
          "the caller's memberships, every session and token, and the user (the address can "
          "register again). Wrong password: VALIDATION_ERROR on password. With two-factor sign-in "
          "on, a code or recovery_code is checked before Stripe is called and spent only when "
          "the deletion commits. Rate limited like "
          "password change (RATE_LIMIT_PASSWORD_CHANGE_USER / _IP). Later Stripe events for "
          "the deleted customer answer 200 and are ignored."}});
  AppendMfaRoutes(routes, mfa);
  AppendOidcRoutes(routes, oidc);
  return routes;
}

}  // namespace plangate::auth

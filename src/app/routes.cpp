#include "app/routes.h"

#include <cstdint>

#include "app/mfa_routes.h"
#include "app/oidc_routes.h"
#include "app/route_docs.h"
#include "auth/account_deletion.h"
#include "core/crypto.h"
#include "http/errors.h"
#include "ops/health.h"
#include "ops/swagger_assets.h"

namespace plangate::app {

using http::AuthRequirement;
using http::Execution;
using http::Method;
using http::Response;
using http::ResponseDoc;
using http::Route;
using http::RouteDoc;

namespace {

const ResponseDoc kCsrf = Error(
    403,
    "X-Requested-With: XMLHttpRequest missing, or a foreign Origin; or the account is disabled.",
    {"CSRF_FAILED", "ACCOUNT_DISABLED"});

// DRF's page-number pagination, on every paginated list.
std::vector<http::QueryParamDoc> PageQuery() {
  using Q = http::QueryParamDoc;
  return {Q{"page", Q::Type::kInteger, "The page number, from 1 (default 1).", {}, 1, INT64_MAX},
          Q{"page_size", Q::Type::kInteger, "Items per page, 1-100 (default 20).", {}, 1, 100}};
}

std::vector<http::QueryParamDoc> AdminUsersQuery() {
  using Q = http::QueryParamDoc;
  std::vector<Q> query{
      Q{"search", Q::Type::kString, "A substring of the email, case-insensitive."},
      Q{"user_type", Q::Type::kString, "Only users of this plan.", {"basic", "pro"}},
      Q{"is_disabled", Q::Type::kBoolean, "Only users disabled (true) or not (false) by an admin."},
      Q{"is_verified", Q::Type::kBoolean, "Only users whose email is verified (true) or not."},
      Q{"ordering",
        Q::Type::kString,
        "Sort order; a leading - reverses it (default -date_joined).",
        {"email", "-email", "date_joined", "-date_joined", "last_login", "-last_login"}}};
  for (auto& q : PageQuery()) query.push_back(std::move(q));
  return query;
}

}  // namespace

std::vector<Route> BuildRoutes(Services& s) {
  std::vector<Route> routes;
  auto& auth = s.auth;
  auto bind = [](auto& h,
                 http::Response (std::remove_reference_t<decltype(h)>::*fn)(http::Context&)) {
    return [&h, fn](http::Context& c) { return (h.*fn)(c); };
  };

  // --- Auth ---------------------------------------------------------------------------------
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/register", AuthRequirement::kNone, Execution::kWorkerPool,
      bind(auth, &auth::AuthHandlers::Register),
      RouteDoc{"Create an account and send a verification email",
               "auth",
               "RegisterRequest",
               {ResponseDoc{201,
                            "Accepted. The same answer for a new and an already registered "
                            "email (no account enumeration).",
                            "Detail",
                            {}},
                kRateLimited, kUnavailable},
               "Password policy: 8-128 characters, not entirely numeric, not the email or its "
               "local part, not a common password (cracklib)."}});
  routes.push_back(Route{Method::kPost, "/api/v1/auth/verify-email", AuthRequirement::kNone,
                         Execution::kWorkerPool, bind(auth, &auth::AuthHandlers::VerifyEmail),
                         RouteDoc{"Verify an email address with the token from the email",
                                  "auth",
                                  "TokenRequest",
                                  {ResponseDoc{200, "The email is verified.", "Detail", {}},
                                   Error(400, "Unknown, used or expired token; or invalid input.",
                                         {"INVALID_TOKEN", "VALIDATION_ERROR"}),
                                   kRateLimited, kUnavailable}}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/resend-verification", AuthRequirement::kNone,
      Execution::kWorkerPool, bind(auth, &auth::AuthHandlers::ResendVerification),
      RouteDoc{
          "Send a new verification email",
          "auth",
          "EmailRequest",
          {ResponseDoc{
               202, "Always 202; mail goes only to an existing unverified user.", "Detail", {}},
           kRateLimited, kUnavailable}}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/login", AuthRequirement::kNone, Execution::kWorkerPool,
      bind(auth, &auth::AuthHandlers::Login),
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
           kRateLimited, kUnavailable}}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/token/refresh", AuthRequirement::kNone, Execution::kWorkerPool,
      bind(auth, &auth::AuthHandlers::RefreshToken),
      RouteDoc{"Rotate the refresh cookie and get a new access token",
               "auth",
               "",
               {ResponseDoc{200,
                            "Rotated: the presented refresh token is spent and a new cookie set.",
                            "TokenResponse",
                            {}},
                Error(401, "Refresh cookie missing, unknown, expired, revoked or reused.",
                      {"REFRESH_TOKEN_INVALID"}),
                kCsrf, kUnavailable},
               "Cookie-authenticated: needs X-Requested-With: XMLHttpRequest, and an Origin, when "
               "sent, of this API or CORS_ALLOWED_ORIGINS."}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/logout", AuthRequirement::kNone, Execution::kWorkerPool,
      bind(auth, &auth::AuthHandlers::Logout),
      RouteDoc{
          "Log out this session (or every session with {\"all\": true})",
          "auth",
          "LogoutRequest",
          {ResponseDoc{204, "Logged out and cookie cleared; also without a valid cookie.", "", {}},
           kCsrf, kUnavailable},
          "The body is optional."}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/password/forgot", AuthRequirement::kNone, Execution::kWorkerPool,
      bind(auth, &auth::AuthHandlers::ForgotPassword),
      RouteDoc{"Email a password-reset link",
               "auth",
               "EmailRequest",
               {ResponseDoc{202, "Always 202; mail goes only to an existing user.", "Detail", {}},
                kRateLimited, kUnavailable}}});
  routes.push_back(
      Route{Method::kPost, "/api/v1/auth/password/reset", AuthRequirement::kNone,
            Execution::kWorkerPool, bind(auth, &auth::AuthHandlers::ResetPassword),
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
                      kRateLimited, kUnavailable}}});
  routes.push_back(Route{Method::kPost, "/api/v1/auth/password/change", AuthRequirement::kUser,
                         Execution::kWorkerPool, bind(auth, &auth::AuthHandlers::ChangePassword),
                         RouteDoc{"Change the password (revokes the user's other sessions)",
                                  "auth",
                                  "ChangePasswordRequest",
                                  {ResponseDoc{200, "Password changed.", "Detail", {}},
                                   kUnauthenticated, kDisabled, kRateLimited, kUnavailable},
                                  "Rate limited like login, every attempt counting: per user "
                                  "(RATE_LIMIT_PASSWORD_CHANGE_USER, default 5/min) and per "
                                  "client IP (RATE_LIMIT_PASSWORD_CHANGE_IP, default 30/min)."}});
  routes.push_back(Route{Method::kGet, "/api/v1/auth/me", AuthRequirement::kUser,
                         Execution::kInlineWhenPrepared, bind(auth, &auth::AuthHandlers::Me),
                         RouteDoc{"The current user",
                                  "auth",
                                  "",
                                  {ResponseDoc{200, "The user.", "User", {}}, kUnauthenticated,
                                   kDisabled, kUnavailable}}});

  // --- Auth v1.1: sessions (devices), email change, export -------------------------------------
  auto& account = s.account;
  routes.push_back(Route{
      Method::kGet, "/api/v1/auth/sessions", AuthRequirement::kUser, Execution::kWorkerPool,
      bind(account, &auth::AccountHandlers::ListSessions),
      RouteDoc{"The caller's signed-in sessions (devices), newest first",
               "auth",
               "",
               {ResponseDoc{200,
                            "One Session per live refresh family (one sign-in and its "
                            "rotations). current is true for the family of the refresh cookie "
                            "sent with the call (its Path, /api/v1/auth, covers this route).",
                            "SessionList",
                            {}},
                kUnauthenticated, kDisabled, kUnavailable},
               "A Session's id is the id of its family's first refresh row: stable for the "
               "family's life, and only meaningful to its own user. ip and user_agent are as seen "
               "at sign-in (user_agent cut to 256 code points); both are null for sessions "
               "signed in before they were recorded. last_used_at is the latest sign-in or "
               "refresh of the family."}});
  routes.push_back(Route{
      Method::kDelete, "/api/v1/auth/sessions/{id}", AuthRequirement::kUser, Execution::kWorkerPool,
      bind(account, &auth::AccountHandlers::RevokeSession),
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
                kUnauthenticated, kDisabled, kUnavailable},
               "Revoking the current session is allowed; its refresh cookie then stops working."}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/email/change", AuthRequirement::kUser, Execution::kWorkerPool,
      bind(account, &auth::AccountHandlers::ChangeEmail),
      RouteDoc{"Ask to change the email address (a link goes to the new one)",
               "auth",
               "EmailChangeRequest",
               {ResponseDoc{202,
                            "Accepted. The same answer whether or not the new address belongs to "
                            "another account (no account enumeration).",
                            "Detail",
                            {}},
                kUnauthenticated, kDisabled, kRateLimited, kUnavailable},
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
      Execution::kWorkerPool, bind(account, &auth::AccountHandlers::ConfirmEmailChange),
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
                kRateLimited, kUnavailable},
               "Needs no access token: the link may be opened anywhere. Of two confirms of one "
               "token, one succeeds and the other gets INVALID_TOKEN. When the user has a Stripe "
               "customer, its email is updated (POST /v1/customers/{id}) from a queue: within "
               "seconds while Stripe answers, retried with backoff otherwise; a Stripe failure "
               "never undoes the change. Rate limited like verify-email, in a bucket of its own "
               "(RATE_LIMIT_VERIFY_EMAIL_IP, default 10/min per client IP)."}});
  routes.push_back(Route{
      Method::kGet, "/api/v1/auth/me/export", AuthRequirement::kUser, Execution::kWorkerPool,
      bind(account, &auth::AccountHandlers::Export),
      RouteDoc{"Download everything stored about the caller, as JSON",
               "auth",
               "",
               {ResponseDoc{200,
                            "Content-Disposition: attachment. user, apps (owned), collaborations "
                            "(member, not owner), subscription (newest, or null), sessions (as "
                            "GET sessions). No password hash, token or secret.",
                            "AccountExport",
                            {}},
                kUnauthenticated, kDisabled, kUnavailable}}});
  routes.push_back(Route{
      Method::kDelete, "/api/v1/auth/me", AuthRequirement::kUser, Execution::kOutboundPool,
      bind(account, &auth::AccountHandlers::DeleteMe),
      RouteDoc{
          "Delete the caller's account and everything stored with it",
          "auth",
          "DeleteAccountRequest",
          {ResponseDoc{204, "Deleted; a goodbye mail is on its way.", "", {}},
           Error(400, "A wrong or missing code while two-factor sign-in is on; or invalid input.",
                 {"INVALID_MFA_CODE", "VALIDATION_ERROR"}),
           kUnauthenticated,
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
           kRateLimited},
          "Cancels a live Stripe subscription at once first; then deletes, in one "
          "transaction, the apps the caller owns (with their memberships and invitations), "
          "the caller's memberships, every session and token, and the user (the address can "
          "register again). Wrong password: VALIDATION_ERROR on password. With two-factor sign-in "
          "on, a code or recovery_code is checked before Stripe is called and spent only when "
          "the deletion commits. Rate limited like "
          "password change (RATE_LIMIT_PASSWORD_CHANGE_USER / _IP). Later Stripe events for "
          "the deleted customer answer 200 and are ignored."}});
  AppendMfaRoutes(routes, s.mfa);
  AppendOidcRoutes(routes, s.oidc);

  // --- Apps ---------------------------------------------------------------------------------
  auto& apps = s.apps;
  const ResponseDoc kNotMember =
      Error(404, "No such app, or the caller is not a member of it.", {"NOT_FOUND"});
  const ResponseDoc kForbidden =
      Error(403, "The caller's role does not allow this, or the account is disabled.",
            {"PERMISSION_DENIED", "ACCOUNT_DISABLED"});
  routes.push_back(
      Route{Method::kGet, "/api/v1/apps", AuthRequirement::kUser, Execution::kInlineWhenPrepared,
            bind(apps, &apps::AppsHandlers::ListApps),
            RouteDoc{"Apps the caller owns or collaborates on, newest first",
                     "apps",
                     "",
                     {ResponseDoc{200,
                                  "A page of apps (?page=1&page_size=20, page_size 1..100).",
                                  "PaginatedAppList",
                                  {}},
                      Error(400, "page or page_size is not a positive integer in range.",
                            {"VALIDATION_ERROR"}),
                      Error(404, "A page past the last.", {"NOT_FOUND"}), kUnauthenticated,
                      kDisabled, kUnavailable},
                     "",
                     PageQuery()},
            [&apps](db::PgPipeline& pg, std::int64_t caller, http::Request& r,
                    std::function<void(bool)> done) {
              return apps.ReadListAhead(pg, caller, r, std::move(done));
            }});
  routes.push_back(Route{
      Method::kPost, "/api/v1/apps", AuthRequirement::kUser, Execution::kWorkerPool,
      bind(apps, &apps::AppsHandlers::CreateApp),
      RouteDoc{"Create an app (counts against the plan's app limit)",
               "apps",
               "AppCreateRequest",
               {ResponseDoc{201, "The new app; the caller is its owner.", "App", {}},
                ResponseDoc{403,
                            "Over the plan's limit (body adds limit, current, user_type), or the "
                            "account is disabled.",
                            "AppLimitError",
                            {"APP_LIMIT_REACHED", "ACCOUNT_DISABLED"}},
                kUnauthenticated, kUnavailable}}});
  routes.push_back(Route{Method::kGet, "/api/v1/apps/{id}", AuthRequirement::kUser,
                         Execution::kWorkerPool, bind(apps, &apps::AppsHandlers::GetApp),
                         RouteDoc{"One app, with the caller's role",
                                  "apps",
                                  "",
                                  {ResponseDoc{200, "The app.", "App", {}}, kNotMember,
                                   kUnauthenticated, kDisabled, kUnavailable}}});
  routes.push_back(Route{Method::kPatch, "/api/v1/apps/{id}", AuthRequirement::kUser,
                         Execution::kWorkerPool, bind(apps, &apps::AppsHandlers::UpdateApp),
                         RouteDoc{"Rename or describe an app (owner, editor)",
                                  "apps",
                                  "AppUpdateRequest",
                                  {ResponseDoc{200, "The updated app.", "App", {}}, kForbidden,
                                   kNotMember, kUnauthenticated, kUnavailable}}});
  routes.push_back(Route{Method::kDelete, "/api/v1/apps/{id}", AuthRequirement::kUser,
                         Execution::kWorkerPool, bind(apps, &apps::AppsHandlers::DeleteApp),
                         RouteDoc{"Delete an app and its memberships (owner)",
                                  "apps",
                                  "",
                                  {ResponseDoc{204, "Deleted.", "", {}}, kForbidden, kNotMember,
                                   kUnauthenticated, kUnavailable}}});
  routes.push_back(
      Route{Method::kGet, "/api/v1/apps/{id}/collaborators", AuthRequirement::kUser,
            Execution::kWorkerPool, bind(apps, &apps::AppsHandlers::ListCollaborators),
            RouteDoc{"The app's members, the owner first",
                     "apps",
                     "",
                     {ResponseDoc{200,
                                  "Members; the owner has role owner and added_at = created_at.",
                                  "CollaboratorList",
                                  {}},
                      kNotMember, kUnauthenticated, kDisabled, kUnavailable}}});
  routes.push_back(
      Route{Method::kPost, "/api/v1/apps/{id}/collaborators", AuthRequirement::kUser,
            Execution::kWorkerPool, bind(apps, &apps::AppsHandlers::AddCollaborator),
            RouteDoc{"Share the app with a registered user (owner)",
                     "apps",
                     "CollaboratorCreateRequest",
                     {ResponseDoc{201, "The new collaborator.", "Collaborator", {}},
                      Error(409, "Already a collaborator.", {"ALREADY_COLLABORATOR"}), kForbidden,
                      kNotMember, kUnauthenticated, kUnavailable},
                     "An unknown email, or the owner's own, is a VALIDATION_ERROR on email."}});
  routes.push_back(
      Route{Method::kPatch, "/api/v1/apps/{id}/collaborators/{user_id}", AuthRequirement::kUser,
            Execution::kWorkerPool, bind(apps, &apps::AppsHandlers::UpdateCollaborator),
            RouteDoc{"Change a collaborator's role (owner)",
                     "apps",
                     "CollaboratorUpdateRequest",
                     {ResponseDoc{200, "The collaborator.", "Collaborator", {}}, kForbidden,
                      Error(404, "No such app or collaborator for the caller.", {"NOT_FOUND"}),
                      kUnauthenticated, kUnavailable}}});
  routes.push_back(
      Route{Method::kDelete, "/api/v1/apps/{id}/collaborators/{user_id}", AuthRequirement::kUser,
            Execution::kWorkerPool, bind(apps, &apps::AppsHandlers::RemoveCollaborator),
            RouteDoc{"Remove a collaborator (the owner, or the collaborator themself)",
                     "apps",
                     "",
                     {ResponseDoc{204, "Removed.", "", {}}, kForbidden,
                      Error(400, "The owner cannot be removed.", {"VALIDATION_ERROR"}),
                      Error(404, "No such app or collaborator for the caller.", {"NOT_FOUND"}),
                      kUnauthenticated, kUnavailable}}});

  // --- Invitations (v1.1) -------------------------------------------------------------------
  auto& invitations = s.invitations;
  const ResponseDoc kBadToken =
      Error(400, "Unknown, used, revoked or expired token; or a malformed body.",
            {"INVALID_TOKEN", "VALIDATION_ERROR", "BAD_REQUEST"});
  routes.push_back(Route{
      Method::kPost, "/api/v1/apps/{id}/invitations", AuthRequirement::kUser,
      Execution::kWorkerPool, bind(invitations, &apps::InvitationHandlers::CreateInvitation),
      RouteDoc{"Invite an email address to the app, with a role (owner)",
               "apps",
               "InvitationCreateRequest",
               {ResponseDoc{201,
                            "The invitation; its link is mailed to the address, whether or not "
                            "the address has an account.",
                            "Invitation",
                            {}},
                Error(409,
                      "A member already; a pending invitation for that address on this app; or "
                      "50 pending invitations on the app (body adds limit).",
                      {"ALREADY_COLLABORATOR", "ALREADY_INVITED", "TOO_MANY_INVITATIONS"}),
                kForbidden, kNotMember, kUnauthenticated, kRateLimited, kUnavailable},
               "Owner only, like the collaborator routes: another member gets 403 "
               "PERMISSION_DENIED, a non-member 404. The email is trimmed and lower-cased; the "
               "owner's own address is a VALIDATION_ERROR on email; role is editor or viewer. The "
               "mailed link, {FRONTEND_URL}/invitations/accept?token=..., works once and for "
               "INVITATION_TTL seconds (default 604800); only the token's hash is stored. An "
               "expired invitation does not block a new one for the same address. Rate limited "
               "per owner (RATE_LIMIT_INVITE_USER, default 20/hour), every attempt counting. "
               "Invitations never count toward app limits."}});
  routes.push_back(Route{
      Method::kGet, "/api/v1/apps/{id}/invitations", AuthRequirement::kUser, Execution::kWorkerPool,
      bind(invitations, &apps::InvitationHandlers::ListInvitations),
      RouteDoc{"The app's pending invitations, newest first (owner)",
               "apps",
               "",
               {ResponseDoc{200,
                            "Pending invitations: neither accepted, nor revoked, nor expired.",
                            "InvitationList",
                            {}},
                kForbidden, kNotMember, kUnauthenticated, kUnavailable},
               "Another member gets 403 PERMISSION_DENIED, a non-member 404."}});
  routes.push_back(Route{
      Method::kDelete, "/api/v1/apps/{id}/invitations/{invitation_id}", AuthRequirement::kUser,
      Execution::kWorkerPool, bind(invitations, &apps::InvitationHandlers::RevokeInvitation),
      RouteDoc{"Revoke a pending invitation; its token dies (owner)",
               "apps",
               "",
               {ResponseDoc{204, "Revoked.", "", {}}, kForbidden,
                Error(404,
                      "No such app for the caller, or invitation_id is not a pending invitation "
                      "of it (also when accepted, revoked or expired).",
                      {"NOT_FOUND"}),
                kUnauthenticated, kUnavailable},
               "Another member gets 403 PERMISSION_DENIED."}});
  routes.push_back(
      Route{Method::kPost, "/api/v1/invitations/lookup", AuthRequirement::kNone,
            Execution::kWorkerPool, bind(invitations, &apps::InvitationHandlers::LookupInvitation),
            RouteDoc{"What an invitation token offers (anyone holding it)",
                     "apps",
                     "TokenRequest",
                     {ResponseDoc{200, "The pending invitation.", "InvitationLookup", {}},
                      kBadToken, kRateLimited, kUnavailable},
                     "No sign-in needed, so the accept page can say what is on offer first. Rate "
                     "limited per client IP (RATE_LIMIT_INVITATION_LOOKUP_IP, default 10/min)."}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/invitations/accept", AuthRequirement::kUser, Execution::kWorkerPool,
      bind(invitations, &apps::InvitationHandlers::AcceptInvitation),
      RouteDoc{"Accept an invitation: join the app with its role",
               "apps",
               "TokenRequest",
               {ResponseDoc{200, "The app, with the caller's new role.", "App", {}}, kBadToken,
                Error(403,
                      "The caller's email is not the invited address (case-insensitive; the "
                      "invitation stays pending), the caller's email is unverified, or the "
                      "account is disabled.",
                      {"INVITATION_EMAIL_MISMATCH", "EMAIL_NOT_VERIFIED", "ACCOUNT_DISABLED"}),
                Error(409, "The caller is a member already; the invitation is used up.",
                      {"ALREADY_COLLABORATOR"}),
                kUnauthenticated, kUnavailable},
               "Single use: of two concurrent accepts of one token, one joins and the other gets "
               "INVALID_TOKEN. Joining never counts toward the caller's app limit."}});

  // --- Billing ------------------------------------------------------------------------------
  auto& billing = s.billing;
  const ResponseDoc kProvider = Error(502, "Stripe answered with an error or could not be reached.",
                                      {"BILLING_PROVIDER_ERROR"});
  const ResponseDoc kNotConfigured =
      Error(503, "No Stripe secret key is configured, or the database is unreachable.",
            {"BILLING_NOT_CONFIGURED", "SERVICE_UNAVAILABLE"});
  routes.push_back(
      Route{Method::kGet, "/api/v1/billing/plans", AuthRequirement::kNone, Execution::kInline,
            bind(billing, &billing::BillingHandlers::ListPlans),
            RouteDoc{"The plans: basic (free) and each configured paid plan",
                     "billing",
                     "",
                     {ResponseDoc{200, "Plans; basic's price_id is null.", "PlanList", {}}}}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/billing/checkout-session", AuthRequirement::kUser,
      Execution::kOutboundPool, bind(billing, &billing::BillingHandlers::CreateCheckoutSession),
      RouteDoc{"Start a Stripe Checkout for a paid plan",
               "billing",
               "CheckoutRequest",
               {ResponseDoc{201, "Redirect the browser to url.", "CheckoutSession", {}},
                Error(409, "A live subscription (trialing, active, past_due) exists.",
                      {"ALREADY_SUBSCRIBED"}),
                kUnauthenticated, kDisabled, kProvider, kNotConfigured},
               "plan_id basic or unknown is a VALIDATION_ERROR. The Stripe customer is created on "
               "first use."}});
  routes.push_back(
      Route{Method::kPost, "/api/v1/billing/portal-session", AuthRequirement::kUser,
            Execution::kOutboundPool, bind(billing, &billing::BillingHandlers::CreatePortalSession),
            RouteDoc{"Open the Stripe Billing Portal",
                     "billing",
                     "",
                     {ResponseDoc{201, "Redirect the browser to url.", "PortalSession", {}},
                      Error(409, "No Stripe customer yet.", {"NO_BILLING_ACCOUNT"}),
                      kUnauthenticated, kDisabled, kProvider, kNotConfigured}}});
  routes.push_back(
      Route{Method::kGet, "/api/v1/billing/subscription", AuthRequirement::kUser,
            Execution::kWorkerPool, bind(billing, &billing::BillingHandlers::GetSubscription),
            RouteDoc{"The caller's user_type and newest subscription",
                     "billing",
                     "",
                     {ResponseDoc{200, "The subscription, or null.", "SubscriptionStatus", {}},
                      kUnauthenticated, kDisabled, kUnavailable}}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/billing/webhook", AuthRequirement::kNone, Execution::kOutboundPool,
      bind(billing, &billing::BillingHandlers::HandleStripeWebhook),
      RouteDoc{
          "Stripe webhook endpoint (signed with STRIPE_WEBHOOK_SECRET)",
          "billing",
          "StripeEvent",
          {ResponseDoc{
               200, "Received (also for duplicates and ignored types).", "WebhookReceived", {}},
           Error(400, "Bad or stale Stripe-Signature, or not an event.",
                 {"SIGNATURE_INVALID", "BAD_REQUEST"}),
           Error(500, "Applying failed; Stripe retries.", {"INTERNAL_ERROR"}), kNotConfigured},
          "The subscription is re-read from Stripe before it is applied, so a late event "
          "never overwrites newer state; each event id is applied once."}});

  // --- Admin (staff only) -------------------------------------------------------------------
  auto& admin = s.admin;
  const ResponseDoc kStaffOnly = Error(403, "The caller is not staff, or is disabled.",
                                       {"PERMISSION_DENIED", "ACCOUNT_DISABLED"});
  const ResponseDoc kNoUser = Error(404, "No such user.", {"NOT_FOUND"});
  routes.push_back(Route{
      Method::kGet, "/api/v1/admin/users", AuthRequirement::kStaff, Execution::kWorkerPool,
      bind(admin, &admin::AdminHandlers::ListUsers),
      RouteDoc{
          "Users, filtered and ordered",
          "admin",
          "",
          {ResponseDoc{200,
                       "A page of users. Query: search (email substring, case-insensitive), "
                       "user_type, is_disabled, is_verified, ordering ((-)email, "
                       "(-)date_joined (default -date_joined), (-)last_login), page, page_size.",
                       "PaginatedAdminUserList",
                       {}},
           Error(400, "A filter, ordering or page parameter is invalid.", {"VALIDATION_ERROR"}),
           kUnauthenticated, kStaffOnly, kUnavailable},
          "",
          AdminUsersQuery()}});
  routes.push_back(Route{Method::kGet, "/api/v1/admin/users/{id}", AuthRequirement::kStaff,
                         Execution::kWorkerPool, bind(admin, &admin::AdminHandlers::GetUser),
                         RouteDoc{"One user with subscription and counts",
                                  "admin",
                                  "",
                                  {ResponseDoc{200, "The user.", "AdminUserDetail", {}}, kNoUser,
                                   kUnauthenticated, kStaffOnly, kUnavailable}}});
  routes.push_back(Route{
      Method::kPatch, "/api/v1/admin/users/{id}", AuthRequirement::kStaff, Execution::kWorkerPool,
      bind(admin, &admin::AdminHandlers::UpdateUser),
      RouteDoc{"Disable/enable a user or set their app-limit override",
               "admin",
               "AdminUserUpdateRequest",
               {ResponseDoc{200, "The user after the change (audited).", "AdminUserDetail", {}},
                kNoUser, kUnauthenticated, kStaffOnly, kUnavailable},
               "Disabling revokes every session of the user at once. An admin cannot disable "
               "themself (VALIDATION_ERROR). mfa_enabled: false turns the user's two-factor "
               "sign-in off (a lost device; the user is mailed a notice); true is a "
               "VALIDATION_ERROR on mfa_enabled."}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/admin/users/{id}/cancel-subscription", AuthRequirement::kStaff,
      Execution::kOutboundPool, bind(admin, &admin::AdminHandlers::CancelSubscription),
      RouteDoc{"Cancel the user's live subscription through Stripe",
               "admin",
               "CancelRequest",
               {ResponseDoc{200, "The subscription as Stripe now reports it.", "Subscription", {}},
                Error(404, "No such user, or no live subscription.", {"NOT_FOUND"}),
                Error(502, "Stripe answered with an error or could not be reached.",
                      {"BILLING_PROVIDER_ERROR"}),
                Error(503, "Billing is not configured.", {"BILLING_NOT_CONFIGURED"}),
                kUnauthenticated, kStaffOnly},
               "immediately=true cancels now; otherwise at the end of the period. The webhook "
               "then keeps the user's plan in sync."}});

  // --- Operations -----------------------------------------------------------------------------
  routes.push_back(Route{Method::kGet, "/healthz", AuthRequirement::kNone, Execution::kInline,
                         [&s](http::Context&) { return ops::Healthz(s.config.version); },
                         RouteDoc{"Liveness: the process is up (no database check)",
                                  "ops",
                                  "",
                                  {ResponseDoc{200, "The process is serving.", "Health", {}}}}});
  routes.back().any_host = true;
  routes.push_back(Route{Method::kGet, "/readyz", AuthRequirement::kNone, Execution::kWorkerPool,
                         [&s](http::Context&) { return ops::Readyz(s.db); },
                         RouteDoc{"Readiness: the database answers and is migrated",
                                  "ops",
                                  "",
                                  {ResponseDoc{200, "Ready to serve.", "Readiness", {}},
                                   ResponseDoc{503,
                                               "The database is unreachable or not migrated.",
                                               "Readiness",
                                               {"SERVICE_UNAVAILABLE"}}}}});
  routes.back().any_host = true;
  auto asset = [](std::string_view content_type, std::string_view (*content)()) {
    return [content_type, content](http::Context&) {
      Response r;
      r.content_type = content_type;
      r.body = std::string(content());
      r.SetHeader("Cache-Control", "public, max-age=86400");
      return r;
    };
  };
  auto page = [asset](std::string_view content_type, std::string_view (*content)()) {
    return [serve = asset(content_type, content)](http::Context& c) {
      Response r = serve(c);
      r.SetHeader("Content-Security-Policy",
                  std::string(ops::SwaggerUiPageContentSecurityPolicy()));
      r.SetHeader("X-Frame-Options", "DENY");
      r.SetHeader("X-Content-Type-Options", "nosniff");
      return r;
    };
  };
  routes.push_back(Route{Method::kGet, "/api/docs", AuthRequirement::kNone, Execution::kInline,
                         page("text/html; charset=utf-8", &ops::SwaggerUiPage),
                         RouteDoc{"Swagger UI for this API (works offline)",
                                  "ops",
                                  "",
                                  {ResponseDoc{200, "An HTML page.", "", {}}}}});
  routes.push_back(Route{Method::kGet, "/api/docs/swagger-ui-bundle.js", AuthRequirement::kNone,
                         Execution::kInline,
                         asset("application/javascript; charset=utf-8", &ops::SwaggerUiBundleJs),
                         RouteDoc{"Swagger UI's script (an asset of /api/docs)",
                                  "ops",
                                  "",
                                  {ResponseDoc{200, "JavaScript.", "", {}}}}});
  routes.push_back(Route{
      Method::kGet, "/api/docs/swagger-initializer.js", AuthRequirement::kNone, Execution::kInline,
      asset("application/javascript; charset=utf-8", &ops::SwaggerUiInitializerJs),
      RouteDoc{"Starts Swagger UI on /api/schema (an asset of /api/docs)",
               "ops",
               "",
               {ResponseDoc{200, "JavaScript.", "", {}}}}});
  routes.push_back(Route{Method::kGet, "/api/docs/swagger-ui.css", AuthRequirement::kNone,
                         Execution::kInline, asset("text/css; charset=utf-8", &ops::SwaggerUiCss),
                         RouteDoc{"Swagger UI's stylesheet (an asset of /api/docs)",
                                  "ops",
                                  "",
                                  {ResponseDoc{200, "CSS.", "", {}}}}});
  routes.push_back(Route{
      Method::kGet, "/metrics", AuthRequirement::kNone, Execution::kWorkerPool,
      [&s](http::Context& c) {
        switch (ops::MetricsAccessFor(s.config.app_env == AppEnv::kLocal,
                                      !s.config.metrics_token.empty(), s.config.metrics_public)) {
          case ops::MetricsAccess::kPublic:
            break;
          case ops::MetricsAccess::kToken: {
            // The Bearer token, compared in constant time.
            auto header = c.request.HeaderValue("Authorization").value_or("");
            if (!core::ConstantTimeEquals(header, "Bearer " + s.config.metrics_token)) {
              throw http::ApiError(401, "NOT_AUTHENTICATED", "A valid metrics token is required.")
                  .WithHeader("WWW-Authenticate", "Bearer");
            }
            break;
          }
          case ops::MetricsAccess::kDenied:
            throw http::ApiError(403, "PERMISSION_DENIED",
                                 "Metrics are not public here: set METRICS_TOKEN or "
                                 "METRICS_PUBLIC=true.");
        }
        Response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = s.metrics.Render(s.gauges());
        return r;
      },
      RouteDoc{"Prometheus metrics",
               "ops",
               "",
               {ResponseDoc{200, "Text exposition format 0.0.4.", "", {}},
                Error(401, "METRICS_TOKEN is set and the Bearer token does not match.",
                      {"NOT_AUTHENTICATED"}),
                Error(403,
                      "APP_ENV is staging or prod, and neither METRICS_TOKEN nor "
                      "METRICS_PUBLIC=true is set.",
                      {"PERMISSION_DENIED"})},
               "Open in APP_ENV=local. In staging and prod: 403 unless METRICS_TOKEN is set "
               "(then Authorization: Bearer <token> is needed) or METRICS_PUBLIC=true."}});
  routes.push_back(
      Route{Method::kGet, "/api/schema", AuthRequirement::kNone, Execution::kInline,
            [&s](http::Context&) { return Response::Json(200, s.openapi_json); },
            RouteDoc{"This API's OpenAPI 3 document, generated from the route table",
                     "ops",
                     "",
                     {ResponseDoc{200, "The OpenAPI document.", "OpenApiDocument", {}}}}});

  return routes;
}

}  // namespace plangate::app

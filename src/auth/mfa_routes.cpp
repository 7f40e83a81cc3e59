#include "auth/mfa_routes.h"

#include "http/route_docs.h"

namespace plangate::auth {

using namespace http::route_names;

namespace {

const ResponseDoc kWrongPasswordOrCode =
    Error(400,
          "Wrong password (VALIDATION_ERROR on password, checked first), or a code that does "
          "not match (INVALID_MFA_CODE: wrong, malformed, or a step already used).",
          {"VALIDATION_ERROR", "INVALID_MFA_CODE"});
const char* kUserLimit =
    " Rate limited per user, every attempt counting (RATE_LIMIT_MFA_USER, default 10/min).";

}  // namespace

void AppendMfaRoutes(std::vector<Route>& routes, MfaHandlers& mfa) {
  auto bind = [&mfa](http::Response (MfaHandlers::*fn)(http::Context&)) {
    return [&mfa, fn](http::Context& c) { return (mfa.*fn)(c); };
  };
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/mfa/totp/setup", AuthRequirement::kUser, Execution::kWorkerPool,
      bind(&MfaHandlers::SetupTotp),
      RouteDoc{"Start two-factor sign-in: a new TOTP secret and its otpauth:// URI",
               "auth",
               "MfaPasswordRequest",
               {ResponseDoc{200,
                            "The secret (base32) and the URI to show as a QR code. Not shown "
                            "again: no later answer carries the secret.",
                            "MfaSetup",
                            {}},
                Error(400, "Wrong password.", {"VALIDATION_ERROR"}),
                Error(409, "Two-factor sign-in is already on.", {"MFA_ALREADY_ENABLED"}),
                http::kUnauthenticated, http::kDisabled, http::kRateLimited, http::kUnavailable},
               std::string("TOTP per RFC 6238: HMAC-SHA1, 6 digits, 30 s steps. A new setup "
                           "replaces an unconfirmed one.") +
                   kUserLimit}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/mfa/totp/confirm", AuthRequirement::kUser,
      Execution::kWorkerPool, bind(&MfaHandlers::ConfirmTotp),
      RouteDoc{"Turn two-factor sign-in on with a code of the new secret",
               "auth",
               "MfaCodeRequest",
               {ResponseDoc{200,
                            "On: 10 single-use recovery codes (shown only here). The user's "
                            "other sessions are revoked and a notice is mailed.",
                            "MfaRecoveryCodes",
                            {}},
                Error(400,
                      "The code does not match the pending secret at the current step +-1 "
                      "(INVALID_MFA_CODE, also for a malformed code); the field missing, blank, "
                      "not a string or over 256 characters (VALIDATION_ERROR).",
                      {"INVALID_MFA_CODE", "VALIDATION_ERROR"}),
                Error(409,
                      "No setup pending (MFA_SETUP_REQUIRED), or two-factor sign-in is already "
                      "on (MFA_ALREADY_ENABLED).",
                      {"MFA_SETUP_REQUIRED", "MFA_ALREADY_ENABLED"}),
                http::kUnauthenticated, http::kDisabled, http::kRateLimited, http::kUnavailable},
               std::string("\"Other sessions\": every refresh family of the user but the one "
                           "whose refresh cookie came with the call.") +
                   kUserLimit}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/mfa/verify", AuthRequirement::kNone, Execution::kWorkerPool,
      bind(&MfaHandlers::Verify),
      RouteDoc{
          "The second step of login: the mfa_token and a TOTP or recovery code",
          "auth",
          "MfaVerifyRequest",
          {ResponseDoc{200,
                       "Logged in, as login answers: sets the refresh_token cookie "
                       "(HttpOnly, Path=/api/v1/auth).",
                       "TokenResponse",
                       {}},
           Error(400,
                 "A wrong code, TOTP or recovery, malformed included (INVALID_MFA_CODE); "
                 "the 5th wrong code for one mfa_token kills it and answers INVALID_TOKEN, "
                 "as does a used, dead, unknown or expired (5 min) mfa_token; neither or "
                 "both of code and recovery_code (VALIDATION_ERROR).",
                 {"INVALID_MFA_CODE", "INVALID_TOKEN", "VALIDATION_ERROR"}),
           Error(403, "The account was disabled since the password step.", {"ACCOUNT_DISABLED"}),
           http::kRateLimited, http::kUnavailable},
          "A code counts as used only when this call succeeds; a used recovery code is "
          "gone, and a TOTP step once accepted is never accepted again. Rate limited per "
          "client IP (RATE_LIMIT_MFA_VERIFY_IP, default 10/min)."}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/mfa/recovery-codes", AuthRequirement::kUser,
      Execution::kWorkerPool, bind(&MfaHandlers::RegenerateRecoveryCodes),
      RouteDoc{
          "New recovery codes (the old ones die)",
          "auth",
          "MfaRecoveryCodesRequest",
          {ResponseDoc{200, "10 new single-use codes (shown only here).", "MfaRecoveryCodes", {}},
           kWrongPasswordOrCode, Error(409, "Two-factor sign-in is off.", {"MFA_SETUP_REQUIRED"}),
           http::kUnauthenticated, http::kDisabled, http::kRateLimited, http::kUnavailable},
          std::string("Needs a TOTP code (not a recovery code).") + kUserLimit}});
  routes.push_back(Route{
      Method::kPost, "/api/v1/auth/mfa/totp/disable", AuthRequirement::kUser,
      Execution::kWorkerPool, bind(&MfaHandlers::DisableTotp),
      RouteDoc{"Turn two-factor sign-in off",
               "auth",
               "MfaDisableRequest",
               {ResponseDoc{200,
                            "Off: the secret and recovery codes are deleted, the user's other "
                            "sessions revoked, and a notice mailed.",
                            "Detail",
                            {}},
                kWrongPasswordOrCode,
                Error(409, "Two-factor sign-in is off already.", {"MFA_SETUP_REQUIRED"}),
                http::kUnauthenticated, http::kDisabled, http::kRateLimited, http::kUnavailable},
               std::string("Takes a TOTP code or a recovery code (exactly one; neither or both "
                           "is a VALIDATION_ERROR).") +
                   kUserLimit}});
}

}  // namespace plangate::auth

#pragma once
// The error catalogue: every code the API answers with, and its one HTTP status. Raise sites
// name an entry (http::ApiError takes one), the OpenAPI generator checks every documented code
// against it and lists them in the Error schema, so a code cannot be misspelt or answered with
// two statuses.

#include <array>
#include <string_view>

namespace plangate::core {

struct ErrorCode {
  int status;
  std::string_view code;
  std::string_view meaning;  // for the OpenAPI document
};

namespace errors {
inline constexpr ErrorCode kBadRequest{
    400, "BAD_REQUEST",
    "Malformed request: unreadable JSON, a wrong query parameter, a missing body."};
inline constexpr ErrorCode kValidationError{400, "VALIDATION_ERROR",
                                            "Invalid fields; errors names each field."};
inline constexpr ErrorCode kInvalidToken{
    400, "INVALID_TOKEN",
    "An email, reset or invitation token that is unknown, used, revoked or expired."};
inline constexpr ErrorCode kInvalidMfaCode{
    400, "INVALID_MFA_CODE", "A two-factor code that is wrong, malformed or already used."};
inline constexpr ErrorCode kSignatureInvalid{400, "SIGNATURE_INVALID",
                                             "A Stripe webhook whose signature does not verify."};
inline constexpr ErrorCode kNotAuthenticated{401, "NOT_AUTHENTICATED",
                                             "No valid access token (or metrics token)."};
inline constexpr ErrorCode kInvalidCredentials{401, "INVALID_CREDENTIALS",
                                               "Wrong email or password."};
inline constexpr ErrorCode kRefreshTokenInvalid{
    401, "REFRESH_TOKEN_INVALID",
    "The refresh cookie is missing, unknown, expired, revoked or reused."};
inline constexpr ErrorCode kPermissionDenied{403, "PERMISSION_DENIED",
                                             "The caller may not do this."};
inline constexpr ErrorCode kAccountDisabled{403, "ACCOUNT_DISABLED", "The account is disabled."};
inline constexpr ErrorCode kEmailNotVerified{403, "EMAIL_NOT_VERIFIED",
                                             "The email address is not verified yet."};
inline constexpr ErrorCode kCsrfFailed{
    403, "CSRF_FAILED", "A cookie route without X-Requested-With, or from a foreign Origin."};
inline constexpr ErrorCode kAppLimitReached{403, "APP_LIMIT_REACHED",
                                            "The plan's app limit is reached."};
inline constexpr ErrorCode kInvitationEmailMismatch{403, "INVITATION_EMAIL_MISMATCH",
                                                    "The invitation is for another address."};
inline constexpr ErrorCode kMfaRequired{403, "MFA_REQUIRED",
                                        "Password accepted; a second factor is due (mfa_token)."};
inline constexpr ErrorCode kReauthenticationRequired{403, "REAUTHENTICATION_REQUIRED",
                                                     "A recent sign-in is needed first."};
inline constexpr ErrorCode kNotFound{404, "NOT_FOUND", "No such resource, or not the caller's."};
inline constexpr ErrorCode kMethodNotAllowed{405, "METHOD_NOT_ALLOWED",
                                             "The path exists; the method does not (see Allow)."};
inline constexpr ErrorCode kRequestTimeout{408, "REQUEST_TIMEOUT",
                                           "The request did not arrive in time."};
inline constexpr ErrorCode kEmailTaken{409, "EMAIL_TAKEN", "Another account has that address."};
inline constexpr ErrorCode kAlreadyCollaborator{409, "ALREADY_COLLABORATOR",
                                                "The person is already a member of the app."};
inline constexpr ErrorCode kAlreadyInvited{409, "ALREADY_INVITED",
                                           "A live invitation for that address exists."};
inline constexpr ErrorCode kTooManyInvitations{
    409, "TOO_MANY_INVITATIONS", "The app has as many pending invitations as allowed."};
inline constexpr ErrorCode kAlreadySubscribed{409, "ALREADY_SUBSCRIBED",
                                              "A live subscription exists."};
inline constexpr ErrorCode kNoBillingAccount{409, "NO_BILLING_ACCOUNT", "No Stripe customer yet."};
inline constexpr ErrorCode kMfaAlreadyEnabled{409, "MFA_ALREADY_ENABLED",
                                              "Two-factor sign-in is already on."};
inline constexpr ErrorCode kMfaSetupRequired{409, "MFA_SETUP_REQUIRED",
                                             "No pending two-factor setup to confirm."};
inline constexpr ErrorCode kLastSignInMethod{409, "LAST_SIGN_IN_METHOD",
                                             "The last way to sign in cannot be removed."};
inline constexpr ErrorCode kPayloadTooLarge{413, "PAYLOAD_TOO_LARGE",
                                            "The body is over the limit."};
inline constexpr ErrorCode kUnsupportedMediaType{415, "UNSUPPORTED_MEDIA_TYPE",
                                                 "The body is not JSON."};
inline constexpr ErrorCode kRateLimited{429, "RATE_LIMITED", "Too many attempts; see Retry-After."};
inline constexpr ErrorCode kRequestHeadersTooLarge{431, "REQUEST_HEADERS_TOO_LARGE",
                                                   "The request's headers are over the limit."};
inline constexpr ErrorCode kInternalError{500, "INTERNAL_ERROR",
                                          "An unexpected failure (logged with the request id)."};
inline constexpr ErrorCode kBillingProviderError{
    502, "BILLING_PROVIDER_ERROR", "Stripe answered with an error or could not be reached."};
inline constexpr ErrorCode kOidcProviderError{502, "OIDC_PROVIDER_ERROR",
                                              "The sign-in provider could not be reached."};
inline constexpr ErrorCode kServiceUnavailable{
    503, "SERVICE_UNAVAILABLE", "The database is unreachable or the server is at a limit."};
inline constexpr ErrorCode kBillingNotConfigured{503, "BILLING_NOT_CONFIGURED",
                                                 "No Stripe keys are configured."};
}  // namespace errors

inline constexpr std::array kErrorCatalogue = {errors::kBadRequest,
                                               errors::kValidationError,
                                               errors::kInvalidToken,
                                               errors::kInvalidMfaCode,
                                               errors::kSignatureInvalid,
                                               errors::kNotAuthenticated,
                                               errors::kInvalidCredentials,
                                               errors::kRefreshTokenInvalid,
                                               errors::kPermissionDenied,
                                               errors::kAccountDisabled,
                                               errors::kEmailNotVerified,
                                               errors::kCsrfFailed,
                                               errors::kAppLimitReached,
                                               errors::kInvitationEmailMismatch,
                                               errors::kMfaRequired,
                                               errors::kReauthenticationRequired,
                                               errors::kNotFound,
                                               errors::kMethodNotAllowed,
                                               errors::kRequestTimeout,
                                               errors::kEmailTaken,
                                               errors::kAlreadyCollaborator,
                                               errors::kAlreadyInvited,
                                               errors::kTooManyInvitations,
                                               errors::kAlreadySubscribed,
                                               errors::kNoBillingAccount,
                                               errors::kMfaAlreadyEnabled,
                                               errors::kMfaSetupRequired,
                                               errors::kLastSignInMethod,
                                               errors::kPayloadTooLarge,
                                               errors::kUnsupportedMediaType,
                                               errors::kRateLimited,
                                               errors::kRequestHeadersTooLarge,
                                               errors::kInternalError,
                                               errors::kBillingProviderError,
                                               errors::kOidcProviderError,
                                               errors::kServiceUnavailable,
                                               errors::kBillingNotConfigured};

// The entry of a code, or nullptr.
constexpr const ErrorCode* FindErrorCode(std::string_view code) {
  for (const ErrorCode& e : kErrorCatalogue) {
    if (e.code == code) return &e;
  }
  return nullptr;
}

}  // namespace plangate::core

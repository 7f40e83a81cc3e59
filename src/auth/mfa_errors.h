#pragma once
// The errors of two-factor sign-in (contract v1.1), built in one place.

#include <string>

#include "http/errors.h"

namespace plangate::auth {

// How long the mfa_token that a right password earns lives, and how many wrong codes it takes.
inline constexpr int kMfaTokenTtlSeconds = 300;
inline constexpr int kMfaTokenMaxFailures = 5;

inline http::ApiError InvalidMfaCode() {
  return http::ApiError(400, "INVALID_MFA_CODE", "The code is not valid.");
}

inline http::ApiError InvalidMfaToken() {
  return http::ApiError(400, "INVALID_TOKEN",
                        "The sign-in attempt is invalid or has expired. Log in again.");
}

inline http::ApiError MfaRequired(const std::string& mfa_token) {
  return http::ApiError(403, "MFA_REQUIRED",
                        "Enter a code from your authenticator app (or a recovery code).",
                        {{"mfa_token", mfa_token}, {"expires_in", kMfaTokenTtlSeconds}});
}

inline http::ApiError MfaAlreadyEnabled() {
  return http::ApiError(409, "MFA_ALREADY_ENABLED", "Two-factor sign-in is already on.");
}

inline http::ApiError MfaSetupRequired(const std::string& detail) {
  return http::ApiError(409, "MFA_SETUP_REQUIRED", detail);
}

}  // namespace plangate::auth

#pragma once
// The errors of two-factor sign-in (contract v1.1), built in one place.

#include <string>

#include "http/errors.h"

namespace plangate::auth {

// How long the mfa_token that a right password earns lives, and how many wrong codes it takes.
inline constexpr int kMfaTokenTtlSeconds = 300;
inline constexpr int kMfaTokenMaxFailures = 5;

inline http::ApiError InvalidMfaCode() {
  return http::ApiError(core::errors::kInvalidMfaCode, "The code is not valid.");
}

inline http::ApiError InvalidMfaToken() {
  return http::ApiError(core::errors::kInvalidToken,
                        "The sign-in attempt is invalid or has expired. Log in again.");
}

inline http::ApiError MfaRequired(const std::string& mfa_token) {
  return http::ApiError(core::errors::kMfaRequired,
                        "Enter a code from your authenticator app (or a recovery code).",
                        {{"mfa_token", mfa_token}, {"expires_in", kMfaTokenTtlSeconds}});
}

inline http::ApiError MfaAlreadyEnabled() {
  return http::ApiError(core::errors::kMfaAlreadyEnabled, "Two-factor sign-in is already on.");
}

inline http::ApiError MfaSetupRequired(const std::string& detail) {
  return http::ApiError(core::errors::kMfaSetupRequired, detail);
}

}  // namespace plangate::auth

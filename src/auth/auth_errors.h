#pragma once
// The answers auth's flows share, built in one place (two-factor sign-in's are in mfa_errors.h).

#include <boost/json/array.hpp>
#include <optional>
#include <string>
#include <vector>

#include "http/errors.h"

namespace plangate::auth {

// A verification, reset or email-change link that is unknown, used or expired.
inline http::ApiError InvalidLink() {
  return http::ApiError(core::errors::kInvalidToken, "The link is invalid or has expired.");
}

inline http::ApiError RefreshInvalid() {
  return http::ApiError(core::errors::kRefreshTokenInvalid,
                        "The refresh token is missing, invalid or expired.");
}

inline http::ApiError NotAuthenticated(std::string detail) {
  return http::ApiError(core::errors::kNotAuthenticated, std::move(detail))
      .WithHeader("WWW-Authenticate", "Bearer");
}

inline http::ApiError AccountDisabled() {
  return http::ApiError(core::errors::kAccountDisabled, "This account has been disabled.");
}

// The password policy's complaints, as the messages of one field.
inline boost::json::array PasswordMessages(const std::vector<std::string>& problems) {
  boost::json::array list;
  for (const auto& p : problems) list.push_back(boost::json::string(p));
  return list;
}

// A refresh cookie worth looking up: present and of a plausible size.
inline bool PlausibleRefreshCookie(const std::optional<std::string>& refresh_token) {
  return refresh_token && !refresh_token->empty() && refresh_token->size() <= 256;
}

}  // namespace plangate::auth

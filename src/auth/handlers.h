#pragma once
// HTTP handlers for /api/v1/auth/*: parse the body, call AuthService, render.

#include <boost/json/object.hpp>

#include "auth/service.h"
#include "core/config.h"
#include "http/router.h"

namespace plangate::auth {

class AuthHandlers {
 public:
  AuthHandlers(const core::Config& config, AuthService& service)
      : config_(config), service_(service) {}

  http::Response Register(http::Context& c);
  http::Response VerifyEmail(http::Context& c);
  http::Response ResendVerification(http::Context& c);
  http::Response Login(http::Context& c);
  http::Response RefreshToken(http::Context& c);
  http::Response Logout(http::Context& c);
  http::Response ForgotPassword(http::Context& c);
  http::Response ResetPassword(http::Context& c);
  http::Response ChangePassword(http::Context& c);
  http::Response Me(http::Context& c);

  // The login body with the refresh cookie set: every sign-in's answer (also mfa/verify's).
  http::Response TokenResponse(const IssuedTokens& tokens) const;
  // The Set-Cookie value of the refresh cookie (also set by the OIDC callback's redirect).
  std::string RefreshCookie(const std::string& value, int max_age) const;

 private:
  // The cookie-authenticated routes' CSRF rule; throws 403 CSRF_FAILED.
  void RequireCsrf(const http::Request& req) const;

  const core::Config& config_;
  AuthService& service_;
};

// The refresh_token cookie the request carries, if any (its Path, /api/v1/auth, covers every
// auth route).
std::optional<std::string> RefreshCookieOf(const http::Request& req);

// Origin is this API's own or an allowed CORS origin. The API's own origin is public_url
// (PUBLIC_URL) when set, else any http(s) origin on `host`, the host the request reached the API
// at.
bool OriginAllowedForCookies(std::string_view origin, std::optional<std::string_view> host,
                             const std::vector<std::string>& cors_allowed_origins,
                             std::string_view public_url = {});

}  // namespace plangate::auth

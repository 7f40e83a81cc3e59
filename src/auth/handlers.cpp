#include "auth/handlers.h"

#include <boost/json/serialize.hpp>

#include "auth/requests.h"
#include "core/clock.h"
#include "http/cookies.h"
#include "http/errors.h"
#include "users/caller.h"

namespace plangate::auth {

using http::ApiError;
using http::Response;

namespace {
constexpr std::string_view kCookieName = "refresh_token";
constexpr std::string_view kCookiePath = "/api/v1/auth";

Response Detail(int status, std::string_view detail) {
  return Response::Json(status, boost::json::serialize(boost::json::object{{"detail", detail}}));
}

std::optional<std::string> RefreshFromCookie(const http::Request& req) {
  auto header = req.HeaderValue("Cookie");
  if (!header) return std::nullopt;
  return http::CookieValue(*header, kCookieName);
}
}  // namespace

std::optional<std::string> RefreshCookieOf(const http::Request& req) {
  return RefreshFromCookie(req);
}

bool OriginAllowedForCookies(std::string_view origin, std::optional<std::string_view> host,
                             const std::vector<std::string>& cors_allowed_origins,
                             std::string_view public_url) {
  for (const auto& allowed : cors_allowed_origins) {
    if (allowed == origin) return true;
  }
  // With a public origin configured, that is the API's own origin, scheme included; the Host
  // header (or a forwarded one) decides nothing.
  if (!public_url.empty()) return http::EqualsIgnoreCase(origin, public_url);
  auto scheme_end = origin.find("://");
  if (!host || scheme_end == std::string_view::npos) return false;
  std::string_view scheme = origin.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  return http::EqualsIgnoreCase(origin.substr(scheme_end + 3), *host);
}

void AuthHandlers::RequireCsrf(const http::Request& req) const {
  auto xrw = req.HeaderValue("X-Requested-With");
  if (!xrw || *xrw != "XMLHttpRequest") {
    throw ApiError(core::errors::kCsrfFailed,
                   "CSRF check failed: X-Requested-With: XMLHttpRequest is required.");
  }
  auto origin = req.HeaderValue("Origin");
  // The host this request reached the API at: the dispatcher's (ALLOWED_HOSTS-checked, forwarded
  // only by a trusted proxy) when it set one.
  std::optional<std::string_view> host = req.HeaderValue("Host");
  if (auto scheme_end = req.origin.find("://"); scheme_end != std::string::npos) {
    host = std::string_view(req.origin).substr(scheme_end + 3);
  }
  if (origin &&
      !OriginAllowedForCookies(*origin, host, config_.cors_allowed_origins, config_.public_url)) {
    throw ApiError(core::errors::kCsrfFailed, "CSRF check failed: Origin is not allowed.");
  }
}

std::string AuthHandlers::RefreshCookie(const std::string& value, int max_age) const {
  http::CookieOptions o;
  o.path = std::string(kCookiePath);
  o.max_age = max_age;
  o.http_only = true;
  o.secure = config_.cookie_secure;
  o.same_site = config_.cookie_samesite;
  return http::SetCookieValue(kCookieName, value, o);
}

Response AuthHandlers::TokenResponse(const IssuedTokens& t) const {
  boost::json::object body{{"access", t.access},
                           {"token_type", "Bearer"},
                           {"expires_in", t.expires_in},
                           {"user", UserJson(t.user)}};
  Response r = Response::Json(200, boost::json::serialize(body));
  r.headers.emplace_back("Set-Cookie", RefreshCookie(t.refresh, config_.refresh_token_ttl));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response AuthHandlers::Register(http::Context& c) {
  Credentials in = ReadRegisterRequest(c.request);
  service_.Register(c.request.Meta(), in.email, in.password);
  return Detail(201, "Check your inbox to verify your email address.");
}

Response AuthHandlers::VerifyEmail(http::Context& c) {
  TokenRequest in = ReadVerifyEmailRequest(c.request);
  service_.VerifyEmail(c.request.Meta(), in.token);
  return Detail(200, "Your email address is verified.");
}

Response AuthHandlers::ResendVerification(http::Context& c) {
  EmailRequest in = ReadResendVerificationRequest(c.request);
  service_.ResendVerification(c.request.Meta(), in.email);
  return Detail(202, "If the account exists and is not verified yet, a new link is on its way.");
}

Response AuthHandlers::Login(http::Context& c) {
  Credentials in = ReadLoginRequest(c.request);
  return TokenResponse(service_.Login(c.request.Meta(), in.email, in.password));
}

Response AuthHandlers::RefreshToken(http::Context& c) {
  RequireCsrf(c.request);
  return TokenResponse(service_.Refresh(c.request.Meta(), RefreshFromCookie(c.request)));
}

Response AuthHandlers::Logout(http::Context& c) {
  RequireCsrf(c.request);
  LogoutRequest in = ReadLogoutRequest(c.request);
  service_.Logout(c.request.Meta(), RefreshFromCookie(c.request), in.all);
  Response r = Response::NoContent();
  r.headers.emplace_back("Set-Cookie", RefreshCookie("", 0));
  return r;
}

Response AuthHandlers::ForgotPassword(http::Context& c) {
  EmailRequest in = ReadForgotPasswordRequest(c.request);
  service_.ForgotPassword(c.request.Meta(), in.email);
  return Detail(202, "If an account exists for this address, a reset link is on its way.");
}

Response AuthHandlers::ResetPassword(http::Context& c) {
  ResetPasswordRequest in = ReadResetPasswordRequest(c.request);
  service_.ResetPassword(c.request.Meta(), in.token, in.new_password);
  return Detail(200, "Your password has been reset. Log in with the new one.");
}

Response AuthHandlers::ChangePassword(http::Context& c) {
  ChangePasswordRequest in = ReadChangePasswordRequest(c.request);
  service_.ChangePassword(c.request.Meta(), c.principal->user_id, in.current_password,
                          in.new_password, RefreshFromCookie(c.request));
  return Detail(200, "Your password has been changed.");
}

Response AuthHandlers::Me(http::Context& c) {
  return Response::Json(200, boost::json::serialize(UserJson(users::CallerOf(c.request))));
}

}  // namespace plangate::auth

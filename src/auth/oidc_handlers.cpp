#include "auth/oidc_handlers.h"

#include <boost/json/serialize.hpp>

#include "core/clock.h"
#include "core/text.h"
#include "http/cookies.h"
#include "http/errors.h"
#include "http/pagination.h"

namespace plangate::auth {

using http::Response;

namespace {
constexpr std::string_view kStateCookie = "oidc_state";
constexpr std::string_view kStateCookiePath = "/api/v1/auth/oidc";
constexpr int kStateCookieMaxAge = 600;

// A query parameter, or nullopt when it is missing or unreadable (the callback has no error
// body to show: a malformed value is as good as none).
std::optional<std::string> Param(const http::Request& req, std::string_view name) {
  try {
    return http::QueryParam(req, name);
  } catch (const http::ApiError&) {
    return std::nullopt;
  }
}

Response Redirect(std::string location) {
  Response r;
  r.status = 302;
  r.content_type = "text/plain; charset=utf-8";
  r.SetHeader("Location", std::move(location));
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("Referrer-Policy", "no-referrer");
  return r;
}
}  // namespace

oidc::Deadline OidcHandlers::DeadlineOf(const http::Request& req) const {
  // OIDC_TIMEOUT_MS from the request's arrival: its wait for an outbound thread counts too.
  auto start = req.received == std::chrono::steady_clock::time_point{}
                   ? std::chrono::steady_clock::now()
                   : req.received;
  return start + config_.oidc_timeout;
}

std::string OidcHandlers::StateCookie(const std::string& value, int max_age) const {
  http::CookieOptions o;
  o.path = std::string(kStateCookiePath);
  o.max_age = max_age;
  o.secure = config_.cookie_secure;
  // Lax, whatever COOKIE_SAMESITE says: the provider's redirect back is a cross-site top-level
  // GET, which must carry it.
  o.same_site = "Lax";
  return http::SetCookieValue(kStateCookie, value, o);
}

Response OidcHandlers::ListProviders(http::Context&) {
  boost::json::array results;
  for (const auto& p : service_.providers()) {
    results.push_back(boost::json::object{{"name", p.name}, {"label", p.label}});
  }
  return Response::Json(200, boost::json::serialize(boost::json::object{{"results", results}}));
}

Response OidcHandlers::Start(http::Context& c) {
  const std::string provider(c.request.SlugParam("name"));
  OidcStart start = service_.Start(c.request.Meta(), provider, http::QueryParam(c.request, "next"),
                                   c.request.origin, DeadlineOf(c.request));
  Response r = Redirect(std::move(start.location));
  r.headers.emplace_back("Set-Cookie", StateCookie(start.state, kStateCookieMaxAge));
  return r;
}

Response OidcHandlers::Callback(http::Context& c) {
  const std::string provider(c.request.SlugParam("name"));
  OidcCallbackInput in;
  in.state = Param(c.request, "state");
  in.code = Param(c.request, "code");
  in.error = Param(c.request, "error");
  if (auto header = c.request.HeaderValue("Cookie")) {
    in.state_cookie = http::CookieValue(*header, kStateCookie);
  }
  OidcOutcome out = service_.Callback(c.request.Meta(), provider, in, DeadlineOf(c.request));
  std::string location = config_.frontend_url + "/auth/callback?";
  if (!out.error.empty()) {
    location += "error=" + core::PercentEncode(out.error);
  } else if (!out.mfa_token.empty()) {
    location += "mfa_token=" + core::PercentEncode(out.mfa_token) +
                "&next=" + core::PercentEncode(out.next);
  } else {
    location += "next=" + core::PercentEncode(out.next);
  }
  Response r = Redirect(std::move(location));
  r.headers.emplace_back("Set-Cookie", StateCookie("", 0));  // used up either way
  if (out.tokens) {
    r.headers.emplace_back("Set-Cookie",
                           auth_.RefreshCookie(out.tokens->refresh, config_.refresh_token_ttl));
  }
  return r;
}

boost::json::array IdentitiesJson(const std::vector<oidc_repo::Identity>& identities) {
  boost::json::array out;
  for (const auto& i : identities) {
    out.push_back(boost::json::object{
        {"id", i.id},
        {"provider", i.provider},
        {"email", i.email ? boost::json::value(*i.email) : boost::json::value(nullptr)},
        {"created_at", core::FormatTimestamp(i.created_at)}});
  }
  return out;
}

Response OidcHandlers::ListIdentities(http::Context& c) {
  boost::json::array results = IdentitiesJson(service_.ListIdentities(c.principal->user_id));
  return Response::Json(200, boost::json::serialize(boost::json::object{{"results", results}}));
}

Response OidcHandlers::Unlink(http::Context& c) {
  service_.Unlink(c.request.Meta(), c.principal->user_id, c.request.Param("id"));
  return Response::NoContent();
}

}  // namespace plangate::auth

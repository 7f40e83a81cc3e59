#include "app/dispatcher.h"

#include "core/log_events.h"
#include "core/text.h"
#include "db/database.h"
#include "http/errors.h"

namespace plangate::app {

using http::ApiError;
using http::Request;
using http::Response;
using http::RouteMatch;

namespace {
constexpr std::string_view kAllowedHeaders =
    "Authorization, Content-Type, X-Requested-With, X-Request-ID";

// The right-most element of a list-valued header over all its lines: what the proxy nearest to
// us (the trusted one) wrote. Empty when the header is absent.
std::string_view LastListElement(const Request& request, std::string_view name) {
  auto lines = request.HeaderValues(name);
  for (auto line = lines.rbegin(); line != lines.rend(); ++line) {
    std::string_view v = *line;
    auto comma = v.rfind(',');
    if (comma != std::string_view::npos) v = v.substr(comma + 1);
    v = core::Trim(v, core::kOptionalWhitespace);
    if (!v.empty()) return v;
  }
  return {};
}
}  // namespace

Dispatcher::Dispatcher(const Config& config, const logging::Logger& logger,
                       const http::TrustedProxies& trusted_proxies, AuthenticateCaller authenticate)
    : config_(config),
      logger_(logger),
      trusted_proxies_(trusted_proxies),
      allowed_hosts_(config.allowed_hosts),
      authenticate_(std::move(authenticate)) {}

bool Dispatcher::OriginAllowed(std::string_view origin) const {
  for (const auto& allowed : config_.cors_allowed_origins) {
    if (allowed == origin) return true;
  }
  return false;
}

void Dispatcher::ApplyCors(const Request& request, Response& response) const {
  auto origin = request.HeaderValue("Origin");
  if (!origin || !OriginAllowed(*origin)) return;
  response.SetHeader("Access-Control-Allow-Origin", std::string(*origin));
  response.SetHeader("Access-Control-Allow-Credentials", "true");
  response.SetHeader("Vary", "Origin");
}

std::string Dispatcher::RequestOrigin(const Request& request, bool via_proxy) const {
  std::string_view host = request.HeaderValue("Host").value_or("");
  std::string_view scheme = "http";
  if (via_proxy) {
    if (auto forwarded = LastListElement(request, "X-Forwarded-Host"); !forwarded.empty()) {
      host = forwarded;
    }
    auto proto = LastListElement(request, "X-Forwarded-Proto");
    if (http::EqualsIgnoreCase(proto, "https")) scheme = "https";
  }
  if (!allowed_hosts_.Allows(host)) {
    throw ApiError(core::errors::kBadRequest,
                   "The Host header names a host this server does not serve (ALLOWED_HOSTS).");
  }
  if (!config_.public_url.empty()) return config_.public_url;
  auto split = http::SplitHostPort(host);  // Allows() parsed it, so it parses
  return std::string(scheme) + "://" + split->host + (split->port.empty() ? "" : ":" + split->port);
}

Response Dispatcher::Preflight(const RouteMatch& match, const Request& request) const {
  Response response = Response::NoContent();
  response.SetHeader("Allow", match.allow);
  auto origin = request.HeaderValue("Origin");
  if (origin && OriginAllowed(*origin) && request.HeaderValue("Access-Control-Request-Method")) {
    response.SetHeader("Access-Control-Allow-Methods", match.allow);
    response.SetHeader("Access-Control-Allow-Headers", std::string(kAllowedHeaders));
    response.SetHeader("Access-Control-Max-Age", "600");
  }
  return response;
}

Response Dispatcher::Handle(const RouteMatch& match, Request& request) const {
  if (match.kind == RouteMatch::Kind::kNotFound) {
    if (web_app_) {
      if (auto page = web_app_->Serve(request.method, request.path)) return std::move(*page);
    }
    throw ApiError::NotFound();
  }
  if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
    if (request.method == http::Method::kOptions) return Preflight(match, request);
    throw ApiError(core::errors::kMethodNotAllowed,
                   "Method \"" + std::string(http::MethodName(request.method)) + "\" not allowed.")
        .WithHeader("Allow", match.allow);
  }
  const http::Route& route = *match.route;
  request.params = match.params;
  http::Principal principal;
  http::Context context{request, nullptr};
  if (route.auth != http::AuthRequirement::kNone) {
    // Fail closed: a route that needs a caller is never served without an authenticator.
    if (!authenticate_) {
      throw ApiError(core::errors::kNotAuthenticated,
                     "Authentication credentials were not provided.")
          .WithHeader("WWW-Authenticate", "Bearer");
    }
    principal = authenticate_(request, route.auth);
    request.user_id = principal.user_id;
    context.principal = &principal;
  }
  return route.handler(context);
}

Response Dispatcher::Dispatch(const RouteMatch& match, Request& request) const {
  // Only a trusted proxy's X-Forwarded-* headers count; anyone can send them.
  const bool via_proxy = !trusted_proxies_.empty() && trusted_proxies_.Contains(request.client_ip);
  // From here on client_ip is the client's, not the proxy's: rate limits and logs use it.
  // Every X-Forwarded-For line counts: they are one list (see ClientIp).
  request.client_ip =
      http::ClientIp(request.client_ip, request.HeaderValues("X-Forwarded-For"), trusted_proxies_);
  Response response;
  try {
    // Before anything reads the request: no route answers for a host it does not serve.
    if (!match.route || !match.route->any_host) request.origin = RequestOrigin(request, via_proxy);
    response = Handle(match, request);
  } catch (const ApiError& e) {
    response = http::RenderError(e);
  } catch (const db::Unavailable& e) {
    logger_.Warn(logging::events::kDbUnavailable, {{"error", e.what()}}, request.request_id);
    response = http::RenderError(ApiError::ServiceUnavailable());
  } catch (const std::exception& e) {
    logger_.Error(
        logging::events::kHttpUnhandledException,
        {{"error", e.what()}, {"route", match.route ? match.route->pattern : std::string()}},
        request.request_id);
    response = http::RenderError(ApiError::Internal());
  } catch (...) {
    logger_.Error(logging::events::kHttpUnhandledException, {{"error", "non-standard exception"}},
                  request.request_id);
    response = http::RenderError(ApiError::Internal());
  }
  ApplyCors(request, response);
  return response;
}

void Dispatcher::Completed(const Request& request, const Response& response, std::string_view route,
                           std::chrono::steady_clock::duration elapsed) const {
  if (!logger_.Enabled(logging::Level::kInfo)) return;
  double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  boost::json::object fields;
  fields.reserve(6);
  fields["method"] = http::MethodName(request.method);
  if (route.empty()) {
    fields["route"] = nullptr;
  } else {
    fields["route"] = route;
  }
  fields["status"] = response.status;
  fields["duration_ms"] = ms;
  fields["ip"] = request.client_ip;
  if (request.user_id > 0) fields["user_id"] = request.user_id;
  logger_.Info(logging::events::kHttpRequest, std::move(fields), request.request_id);
}

}  // namespace plangate::app

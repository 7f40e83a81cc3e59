#pragma once
// What happens to every routed request between the server and a handler: the Host check
// (ALLOWED_HOSTS), CORS and preflight, 404/405, the route's auth requirement, and the single place
// where errors become responses.

#include <chrono>
#include <functional>

#include "app/config.h"
#include "core/logging.h"
#include "http/client_ip.h"
#include "http/hosts.h"
#include "http/router.h"
#include "http/static_site.h"

namespace plangate::app {

// Resolves the caller for a route that requires one; throws ApiError (401/403) otherwise.
using AuthenticateCaller = std::function<http::Principal(http::Request&, http::AuthRequirement)>;

class Dispatcher {
 public:
  Dispatcher(const Config& config, const logging::Logger& logger,
             const http::TrustedProxies& trusted_proxies, AuthenticateCaller authenticate);

  // The web app answers GET/HEAD that no route claims. Set before the server starts.
  void ServeWebApp(const http::StaticSite* web_app) { web_app_ = web_app; }

  // Never throws.
  http::Response Dispatch(const http::RouteMatch& match, http::Request& request) const;
  // The http.request log line.
  void Completed(const http::Request& request, const http::Response& response,
                 std::string_view route, std::chrono::steady_clock::duration elapsed) const;

 private:
  http::Response Handle(const http::RouteMatch& match, http::Request& request) const;
  http::Response Preflight(const http::RouteMatch& match, const http::Request& request) const;
  bool OriginAllowed(std::string_view origin) const;
  // scheme://host this request reached the API at (see Request::origin); throws 400 BAD_REQUEST
  // when its host is not in ALLOWED_HOSTS. via_proxy: the socket peer is a trusted proxy, whose
  // X-Forwarded-Host and X-Forwarded-Proto count.
  std::string RequestOrigin(const http::Request& request, bool via_proxy) const;
  void ApplyCors(const http::Request& request, http::Response& response) const;

  const Config& config_;
  const logging::Logger& logger_;
  const http::TrustedProxies& trusted_proxies_;
  http::AllowedHosts allowed_hosts_;
  AuthenticateCaller authenticate_;
  const http::StaticSite* web_app_ = nullptr;
};

}  // namespace plangate::app

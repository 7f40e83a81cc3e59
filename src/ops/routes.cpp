#include "ops/routes.h"

#include "core/crypto.h"
#include "http/errors.h"
#include "http/route_docs.h"
#include "ops/health.h"
#include "ops/swagger_assets.h"

namespace plangate::ops {

using namespace http::route_names;
using http::Response;

std::vector<Route> OpsRoutes(const OpsRouteContext& s) {
  std::vector<Route> routes;
  routes.push_back(Route{Method::kGet, "/healthz", AuthRequirement::kNone, Execution::kInline,
                         [s](http::Context&) { return ops::Healthz(s.config.version); },
                         RouteDoc{"Liveness: the process is up (no database check)",
                                  "ops",
                                  "",
                                  {ResponseDoc{200, "The process is serving.", "Health", {}}}}});
  routes.back().any_host = true;
  routes.push_back(Route{Method::kGet, "/readyz", AuthRequirement::kNone, Execution::kWorkerPool,
                         [s](http::Context&) { return ops::Readyz(s.db); },
                         RouteDoc{"Readiness: the database answers and is migrated",
                                  "ops",
                                  "",
                                  {ResponseDoc{200, "Ready to serve.", "Readiness", {}},
                                   ResponseDoc{503,
                                               "The database is unreachable or not migrated.",
                                               "Readiness",
                                               {"SERVICE_UNAVAILABLE"}}}}});
  routes.back().any_host = true;
  auto asset = [](std::string_view content_type, std::string_view (*content)()) {
    return [content_type, content](http::Context&) {
      Response r;
      r.content_type = content_type;
      r.body = std::string(content());
      r.SetHeader("Cache-Control", "public, max-age=86400");
      return r;
    };
  };
  auto page = [asset](std::string_view content_type, std::string_view (*content)()) {
    return [serve = asset(content_type, content)](http::Context& c) {
      Response r = serve(c);
      r.SetHeader("Content-Security-Policy",
                  std::string(ops::SwaggerUiPageContentSecurityPolicy()));
      r.SetHeader("X-Frame-Options", "DENY");
      r.SetHeader("X-Content-Type-Options", "nosniff");
      return r;
    };
  };
  routes.push_back(Route{Method::kGet, "/api/docs", AuthRequirement::kNone, Execution::kInline,
                         page("text/html; charset=utf-8", &ops::SwaggerUiPage),
                         RouteDoc{"Swagger UI for this API (works offline)",
                                  "ops",
                                  "",
                                  {ResponseDoc{200, "An HTML page.", "", {}}}}});
  routes.push_back(Route{Method::kGet, "/api/docs/swagger-ui-bundle.js", AuthRequirement::kNone,
                         Execution::kInline,
                         asset("application/javascript; charset=utf-8", &ops::SwaggerUiBundleJs),
                         RouteDoc{"Swagger UI's script (an asset of /api/docs)",
                                  "ops",
                                  "",
                                  {ResponseDoc{200, "JavaScript.", "", {}}}}});
  routes.push_back(Route{
      Method::kGet, "/api/docs/swagger-initializer.js", AuthRequirement::kNone, Execution::kInline,
      asset("application/javascript; charset=utf-8", &ops::SwaggerUiInitializerJs),
      RouteDoc{"Starts Swagger UI on /api/schema (an asset of /api/docs)",
               "ops",
               "",
               {ResponseDoc{200, "JavaScript.", "", {}}}}});
  routes.push_back(Route{Method::kGet, "/api/docs/swagger-ui.css", AuthRequirement::kNone,
                         Execution::kInline, asset("text/css; charset=utf-8", &ops::SwaggerUiCss),
                         RouteDoc{"Swagger UI's stylesheet (an asset of /api/docs)",
                                  "ops",
                                  "",
                                  {ResponseDoc{200, "CSS.", "", {}}}}});
  routes.push_back(Route{
      Method::kGet, "/metrics", AuthRequirement::kNone, Execution::kWorkerPool,
      [s](http::Context& c) {
        switch (ops::MetricsAccessFor(s.config.app_env == core::AppEnv::kLocal,
                                      !s.config.metrics_token.empty(), s.config.metrics_public)) {
          case ops::MetricsAccess::kPublic:
            break;
          case ops::MetricsAccess::kToken: {
            // The Bearer token, compared in constant time.
            auto header = c.request.HeaderValue("Authorization").value_or("");
            if (!core::ConstantTimeEquals(header, "Bearer " + s.config.metrics_token)) {
              throw http::ApiError(core::errors::kNotAuthenticated,
                                   "A valid metrics token is required.")
                  .WithHeader("WWW-Authenticate", "Bearer");
            }
            break;
          }
          case ops::MetricsAccess::kDenied:
            throw http::ApiError(core::errors::kPermissionDenied,
                                 "Metrics are not public here: set METRICS_TOKEN or "
                                 "METRICS_PUBLIC=true.");
        }
        Response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = s.metrics.Render(s.gauges());
        return r;
      },
      RouteDoc{"Prometheus metrics",
               "ops",
               "",
               {ResponseDoc{200, "Text exposition format 0.0.4.", "", {}},
                Error(401, "METRICS_TOKEN is set and the Bearer token does not match.",
                      {"NOT_AUTHENTICATED"}),
                Error(403,
                      "APP_ENV is staging or prod, and neither METRICS_TOKEN nor "
                      "METRICS_PUBLIC=true is set.",
                      {"PERMISSION_DENIED"})},
               "Open in APP_ENV=local. In staging and prod: 403 unless METRICS_TOKEN is set "
               "(then Authorization: Bearer <token> is needed) or METRICS_PUBLIC=true."}});
  routes.push_back(
      Route{Method::kGet, "/api/schema", AuthRequirement::kNone, Execution::kInline,
            [s](http::Context&) { return Response::Json(200, s.openapi_json); },
            RouteDoc{"This API's OpenAPI 3 document, generated from the route table",
                     "ops",
                     "",
                     {ResponseDoc{200, "The OpenAPI document.", "OpenApiDocument", {}}}}});

  return routes;
}

}  // namespace plangate::ops

#include "app/routes.h"

#include "ops/health.h"

namespace plangate::app {

using http::AuthRequirement;
using http::Execution;
using http::Method;
using http::Response;
using http::ResponseDoc;
using http::Route;
using http::RouteDoc;

std::vector<Route> BuildRoutes(Services& s) {
  std::vector<Route> routes;

  // --- Operations -----------------------------------------------------------------------------
  routes.push_back(Route{Method::kGet, "/healthz", AuthRequirement::kNone, Execution::kInline,
                         [&s](http::Context&) { return ops::Healthz(s.config.version); },
                         RouteDoc{"Liveness: the process is up (no database check)",
                                  "ops",
                                  "",
                                  {ResponseDoc{200, "The process is serving.", "Health", {}}}}});
  routes.push_back(Route{Method::kGet, "/readyz", AuthRequirement::kNone, Execution::kWorkerPool,
                         [&s](http::Context&) { return ops::Readyz(s.db); },
                         RouteDoc{"Readiness: the database answers and is migrated",
                                  "ops",
                                  "",
                                  {ResponseDoc{200, "Ready to serve.", "Readiness", {}},
                                   ResponseDoc{503,
                                               "The database is unreachable or not migrated.",
                                               "Readiness",
                                               {"SERVICE_UNAVAILABLE"}}}}});
  routes.push_back(
      Route{Method::kGet, "/api/schema", AuthRequirement::kNone, Execution::kInline,
            [&s](http::Context&) { return Response::Json(200, s.openapi_json); },
            RouteDoc{"This API's OpenAPI 3 document, generated from the route table",
                     "ops",
                     "",
                     {ResponseDoc{200, "The OpenAPI document.", "OpenApiDocument", {}}}}});

  return routes;
}

}  // namespace plangate::app

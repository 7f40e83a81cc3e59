#pragma once
// The operations routes (health, readiness, metrics, the API's own docs); app/ joins the lists.

#include <vector>

#include <functional>
#include <string>

#include "core/config.h"
#include "db/database.h"
#include "http/router.h"
#include "ops/metrics.h"

namespace plangate::ops {

// What they read; references to objects that outlive the routes.
struct OpsRouteContext {
  const core::Config& config;
  db::Database& db;
  Metrics& metrics;
  // Gauges read at scrape time (in-flight requests, pool use, outbox depth).
  std::function<std::vector<Metrics::Gauge>()> gauges;
  const std::string& openapi_json;  // filled in once the table is built
};

std::vector<http::Route> OpsRoutes(const OpsRouteContext& s);

}  // namespace plangate::ops

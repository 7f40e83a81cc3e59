#pragma once

#include <string>
#include <vector>

#include "admin/handlers.h"
#include "app/config.h"
#include "apps/handlers.h"
#include "apps/invitation_handlers.h"
#include "auth/account_handlers.h"
#include "auth/handlers.h"
#include "auth/mfa_handlers.h"
#include "auth/oidc_handlers.h"
#include "billing/handlers.h"
#include "db/database.h"
#include "http/router.h"
#include "ops/metrics.h"

namespace plangate::app {

// What the handlers need; owned by the Application, which outlives the routes.
struct Services {
  const Config& config;
  db::Database& db;
  const std::string& openapi_json;  // filled in once the table is built
  auth::AuthHandlers& auth;
  auth::AccountHandlers& account;
  apps::AppsHandlers& apps;
  billing::BillingHandlers& billing;
  admin::AdminHandlers& admin;
  ops::Metrics& metrics;
  // Gauges read at scrape time (in-flight requests, pool use, outbox depth).
  std::function<std::vector<ops::Metrics::Gauge>()> gauges;
  apps::InvitationHandlers& invitations;
  auth::MfaHandlers& mfa;
  auth::OidcHandlers& oidc;
};

// THE route table: every route of the API, with its auth requirement and documentation.
std::vector<http::Route> BuildRoutes(Services& services);

}  // namespace plangate::app

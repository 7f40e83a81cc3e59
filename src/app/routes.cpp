#include "app/routes.h"

#include "admin/routes.h"
#include "apps/routes.h"
#include "auth/routes.h"
#include "billing/routes.h"
#include "ops/routes.h"

namespace plangate::app {

std::vector<http::Route> BuildRoutes(Services& s) {
  std::vector<http::Route> routes;
  auto add = [&routes](std::vector<http::Route> feature) {
    for (auto& route : feature) routes.push_back(std::move(route));
  };
  add(auth::AuthRoutes(s.auth, s.account, s.mfa, s.oidc));
  add(apps::AppsRoutes(s.apps, s.invitations));
  add(billing::BillingRoutes(s.billing));
  add(admin::AdminRoutes(s.admin));
  add(ops::OpsRoutes({s.config, s.db, s.metrics, s.gauges, s.openapi_json}));
  return routes;
}

}  // namespace plangate::app

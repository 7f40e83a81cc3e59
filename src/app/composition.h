#pragma once
// The composition root: builds every service from the Config and wires them together. Nothing
// else constructs long-lived services, and nothing is global.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/config.h"
#include "app/dispatcher.h"
#include "app/routes.h"
#include "app/stop_deadline.h"
#include "core/clock.h"
#include "core/logging.h"
#include "db/database.h"
#include "db/migrate.h"
#include "http/router.h"

namespace plangate::http {
class Server;
class TrustedProxies;
}  // namespace plangate::http

namespace plangate::auth {
class PasswordHasher;
class CommonPasswordCheck;
class RateLimiter;
class Authenticator;
class AuthService;
class AuthHandlers;
class DevicesService;
class EmailChangeService;
class ExportService;
class AccountHandlers;
class MfaService;
class MfaHandlers;
class OidcService;
class OidcHandlers;
}  // namespace plangate::auth

namespace plangate::mail {
class Delivery;
}

namespace plangate::apps {
class AppsService;
class AppsHandlers;
class InvitationsService;
class InvitationHandlers;
}  // namespace plangate::apps

namespace plangate::billing {
class BillingService;
class BillingHandlers;
class CustomerEmailSync;
}  // namespace plangate::billing

namespace plangate::admin {
class AdminService;
class AdminHandlers;
}  // namespace plangate::admin

namespace plangate::app {

class Application {
 public:
  // extra_routes lets tests mount routes of their own beside the real table.
  // clock: tests pass one they can move; null means the system clock.
  Application(Config config, std::shared_ptr<spdlog::sinks::sink> log_sink,
              std::vector<http::Route> extra_routes = {},
              std::shared_ptr<core::Clock> clock = nullptr);
  ~Application();

  const Config& config() const { return config_; }
  const logging::Logger& logger() const { return logger_; }
  db::Database& database() { return db_; }
  const http::Router& router() const { return *router_; }
  const std::string& openapi_json() const { return openapi_json_; }
  auth::AuthService& auth() { return *auth_service_; }
  auth::MfaService& mfa() { return *mfa_service_; }
  mail::Delivery& mail_delivery() { return *delivery_; }
  billing::BillingService& billing() { return *billing_service_; }
  // The Stripe customer email updates, delivered beside the mail (and stopped with it).
  billing::CustomerEmailSync& customer_email_sync() { return *customer_email_sync_; }
  const core::Clock& clock() const { return *clock_; }
  ops::Metrics& metrics() { return *metrics_; }

  // Binds and starts serving (and the in-process mail delivery unless EMAIL_WORKER=external);
  // port() is the bound port afterwards.
  void Start();
  std::uint16_t port() const;
  // SIGINT and SIGTERM start a graceful stop; a stop still unfinished 5 s after its requests'
  // SHUTDOWN_TIMEOUT_MS ends the process (exit code 1). For the serve command only: in-process
  // servers (tests) are never ended that way.
  void StopOnSignals();
  void RequestStop();
  void Wait();

 private:
  std::vector<ops::Metrics::Gauge> Gauges();
  // WEB_DIR (or web/dist beside the binary) into memory, for serve only; a WEB_DIR that cannot
  // be served fails the start, a default that was never built is only a warning.
  void LoadWebApp();

  Config config_;
  logging::Logger logger_;
  std::shared_ptr<core::Clock> clock_;
  db::Database db_;
  std::string openapi_json_;
  std::unique_ptr<auth::PasswordHasher> hasher_;
  std::unique_ptr<auth::CommonPasswordCheck> common_passwords_;
  std::unique_ptr<ops::RateLimiter> limiter_;
  std::unique_ptr<mail::Delivery> delivery_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<auth::AuthService> auth_service_;
  std::unique_ptr<auth::AuthHandlers> auth_handlers_;
  std::unique_ptr<auth::AccountDeletion> account_deletion_;
  std::unique_ptr<apps::AppsService> apps_service_;
  std::unique_ptr<apps::AppsHandlers> apps_handlers_;
  std::unique_ptr<apps::InvitationsService> invitations_service_;
  std::unique_ptr<apps::InvitationHandlers> invitation_handlers_;
  std::unique_ptr<billing::BillingService> billing_service_;
  std::unique_ptr<billing::BillingHandlers> billing_handlers_;
  std::unique_ptr<admin::AdminService> admin_service_;
  std::unique_ptr<admin::AdminHandlers> admin_handlers_;
  std::unique_ptr<billing::CustomerEmailSync> customer_email_sync_;
  std::unique_ptr<auth::DevicesService> devices_service_;
  std::unique_ptr<auth::EmailChangeService> email_change_service_;
  std::unique_ptr<auth::ExportService> export_service_;
  std::unique_ptr<auth::AccountHandlers> account_handlers_;
  std::unique_ptr<auth::MfaService> mfa_service_;
  std::unique_ptr<auth::MfaHandlers> mfa_handlers_;
  std::unique_ptr<auth::OidcService> oidc_service_;
  std::unique_ptr<auth::OidcHandlers> oidc_handlers_;
  std::unique_ptr<ops::Metrics> metrics_;
  std::unique_ptr<http::TrustedProxies> trusted_proxies_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::StaticSite> web_app_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<StopDeadline> stop_deadline_;
};

int HardwareThreads();

// `plangate migrate`: applies the migrations without building the application, with no query
// deadline (db::Migrate lifts it) and through the pooler when DATABASE_POOLER names one.
std::vector<db::AppliedMigration> MigrateDatabase(const Config& config);

}  // namespace plangate::app

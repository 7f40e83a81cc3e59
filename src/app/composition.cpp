#include "app/composition.h"

#include <curl/curl.h>

#include <cstdlib>

#include <boost/json/serialize.hpp>
#include <mutex>
#include <optional>
#include <thread>

#include "admin/handlers.h"
#include "admin/service.h"
#include "app/routes.h"
#include "apps/apps_repo.h"
#include "apps/export.h"
#include "apps/handlers.h"
#include "apps/invitation_handlers.h"
#include "apps/invitations_service.h"
#include "apps/limits.h"
#include "apps/service.h"
#include "auth/account_handlers.h"
#include "auth/authenticator.h"
#include "auth/handlers.h"
#include "auth/mfa_handlers.h"
#include "auth/mfa_repo.h"
#include "auth/mfa_service.h"
#include "auth/oidc_handlers.h"
#include "auth/oidc_service.h"
#include "auth/password_policy.h"
#include "auth/passwords.h"
#include "auth/service.h"
#include "auth/sessions_repo.h"
#include "billing/customer_email_sync.h"
#include "billing/export.h"
#include "billing/handlers.h"
#include "billing/service.h"
#include "billing/stripe_client.h"
#include "core/log_events.h"
#include "db/pg_pipeline.h"
#include "db/read_ahead.h"
#include "http/client_ip.h"
#include "http/server.h"
#include "mail/delivery.h"
#include "mail/outbox_repo.h"
#include "ops/openapi.h"
#include "ops/rate_limiter.h"
#include "users/caller.h"

namespace plangate::app {

namespace {
// What each I/O thread owns on PostgreSQL: the pipelined connection that reads callers.
struct CallerReads : http::IoThreadState {
  CallerReads(boost::asio::io_context& io, std::string conninfo,
              std::chrono::milliseconds query_timeout)
      : pg(io, std::move(conninfo), query_timeout) {}
  db::PgPipeline pg;
};

// Calls done once every read ahead of a request is back: ready only if all were answered.
struct ReadsJoin {
  ReadsJoin(int reads, std::function<void(bool)> done) : remaining(reads), done(std::move(done)) {}
  void Arrive(bool answered) {
    ready = ready && answered;
    if (--remaining == 0) done(ready);
  }
  int remaining;
  bool ready = true;
  std::function<void(bool)> done;
};
}  // namespace

// What a stop may take beyond SHUTDOWN_TIMEOUT_MS: the threads ending, the mail delivery loop
// finishing its send.
constexpr std::chrono::seconds kStopGrace{5};

int HardwareThreads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : static_cast<int>(n);
}

namespace {
int WorkerThreads(const Config& c) {
  return c.worker_threads > 0 ? c.worker_threads : 4 * HardwareThreads();
}

// As many as the workers by default: each holds its thread through a Stripe round trip, so
// fewer would cap the webhook (which re-reads every subscription) below the workers' rate.
int StripeThreads(const Config& c) {
  return c.stripe_concurrency > 0 ? c.stripe_concurrency : WorkerThreads(c);
}

// A connection for every thread that can hold one: the workers and the Stripe routes' own.
std::size_t PoolSize(const Config& c) {
  return static_cast<std::size_t>(c.db_pool_size > 0 ? c.db_pool_size
                                                     : WorkerThreads(c) + StripeThreads(c));
}
}  // namespace

Application::Application(Config config, std::shared_ptr<spdlog::sinks::sink> log_sink,
                         std::vector<http::Route> extra_routes, std::shared_ptr<core::Clock> clock)
    : config_(std::move(config)),
      logger_(std::move(log_sink), config_.log_level),
      clock_(clock ? std::move(clock) : std::make_shared<core::SystemClock>()),
      db_(db::ParseDatabaseUrl(config_.database_url), PoolSize(config_), config_.db_acquire_timeout,
          config_.db_query_timeout, config_.database_pooler) {
  for (auto& secret : Secrets(config_)) logger_.AddSecret(secret);
  metrics_ = std::make_unique<ops::Metrics>();
  logger_.SetObserver(
      [m = metrics_.get()](const logging::LogEvent& event, const boost::json::object& f) {
        if (!event.counted) return;
        for (const char* key : {"type", "scope", "reason"}) {
          auto it = f.find(key);
          if (it != f.end() && it->value().is_string()) {
            m->CountEvent(event.name, it->value().as_string());
            return;
          }
        }
        m->CountEvent(event.name);
      });
  // libcurl's global state (SMTP, Stripe) is set up once per process, before any thread uses it.
  static std::once_flag curl_once;
  std::call_once(curl_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  hasher_ = std::make_unique<auth::PasswordHasher>(
      auth::HashCost{config_.password_hash_ops, config_.password_hash_mem_kib * 1024},
      HardwareThreads());
  common_passwords_ = std::make_unique<auth::CracklibCheck>();
  limiter_ = std::make_unique<ops::RateLimiter>(db_, *clock_, logger_, config_.rate_limit_enabled);
  mail::DeliveryOptions delivery_options;
  delivery_options.retry_max_seconds = config_.email_retry_max_seconds;
  delivery_options.poll = config_.email_poll_interval;
  delivery_ = std::make_unique<mail::Delivery>(db_, *clock_, logger_, mail::MakeSender(config_),
                                               delivery_options);
  const bool wake_delivery = config_.email_worker == EmailWorker::kInProcess;
  // The User object shows the apps feature's count and limit; auth reads them through this.
  const users::AppQuota app_quota{
      [](soci::session& s, std::int64_t user_id) { return apps::repo::CountOwned(s, user_id); },
      [this](const users::User& u) {
        return apps::EffectiveAppLimit(u.user_type, u.app_limit_override, config_.app_limit_basic,
                                       config_.app_limit_pro);
      }};
  authenticator_ = std::make_unique<auth::Authenticator>(config_, db_, *clock_, app_quota);
  auth_service_ = std::make_unique<auth::AuthService>(config_, db_, *clock_, logger_, *hasher_,
                                                      *common_passwords_, *limiter_, app_quota,
                                                      [this, wake_delivery] {
                                                        if (wake_delivery) delivery_->Wake();
                                                      });
  auth_handlers_ = std::make_unique<auth::AuthHandlers>(config_, *auth_service_);
  mfa_service_ = std::make_unique<auth::MfaService>(
      config_, db_, *clock_, logger_, *hasher_, *limiter_, *auth_service_, [this, wake_delivery] {
        if (wake_delivery) delivery_->Wake();
      });
  mfa_handlers_ = std::make_unique<auth::MfaHandlers>(*mfa_service_, *auth_handlers_);
  apps_service_ = std::make_unique<apps::AppsService>(config_, db_, *clock_, logger_);
  apps_handlers_ = std::make_unique<apps::AppsHandlers>(*apps_service_);
  invitations_service_ = std::make_unique<apps::InvitationsService>(
      config_, db_, *clock_, logger_, *limiter_, [this, wake_delivery] {
        if (wake_delivery) delivery_->Wake();
      });
  invitation_handlers_ = std::make_unique<apps::InvitationHandlers>(*invitations_service_);
  auto make_stripe = [this]() -> std::unique_ptr<billing::StripeClient> {
    if (config_.stripe_secret_key.empty()) return nullptr;
    billing::StripeClientOptions stripe_options;
    stripe_options.api_base = config_.stripe_api_base;
    stripe_options.secret_key = config_.stripe_secret_key;
    stripe_options.total_timeout = config_.stripe_timeout;
    stripe_options.max_retries = config_.stripe_max_retries;
    return billing::MakeCurlStripeClient(stripe_options);
  };
  billing_service_ =
      std::make_unique<billing::BillingService>(config_, db_, *clock_, logger_, make_stripe());
  billing_handlers_ = std::make_unique<billing::BillingHandlers>(*billing_service_, logger_);
  account_deletion_ = std::make_unique<auth::AccountDeletion>(
      config_, db_, *clock_, logger_, *hasher_, *limiter_, *mfa_service_,
      [this](const core::RequestMeta& req, std::int64_t user_id) {
        billing::WithStripeErrors(logger_, req.request_id, [&] {
          billing_service_->CancelBeforeAccountDeletion(user_id, req.request_id);
        });
      },
      [this, wake_delivery] {
        if (wake_delivery) delivery_->Wake();
      });
  admin::FeatureControls admin_controls{
      [](soci::session& s, std::int64_t user_id, std::int64_t now) {
        auth::sessions::RevokeAllForUser(s, user_id, now);
      },
      auth::mfa::Disable, billing::NewestSubscriptionJson,
      [this](std::int64_t user_id, bool immediately, const std::string& request_id) {
        billing::SubscriptionState state = billing::WithStripeErrors(logger_, request_id, [&] {
          return billing_service_->CancelSubscription(user_id, immediately, request_id);
        });
        return admin::CanceledSubscription{billing::SubscriptionJson(state),
                                           state.stripe_subscription_id, state.status};
      }};
  admin_service_ = std::make_unique<admin::AdminService>(config_, db_, *clock_, logger_,
                                                         std::move(admin_controls), app_quota);
  admin_handlers_ = std::make_unique<admin::AdminHandlers>(*admin_service_);
  billing::CustomerEmailSyncOptions sync_options;
  sync_options.retry_max_seconds = config_.email_retry_max_seconds;
  sync_options.poll = config_.email_poll_interval;
  customer_email_sync_ = std::make_unique<billing::CustomerEmailSync>(db_, *clock_, logger_,
                                                                      make_stripe(), sync_options);
  devices_service_ = std::make_unique<auth::DevicesService>(db_, *clock_, logger_);
  email_change_service_ = std::make_unique<auth::EmailChangeService>(
      config_, db_, *clock_, logger_, *hasher_, *limiter_, app_quota,
      [this, wake_delivery] {
        if (wake_delivery) delivery_->Wake();
      },
      auth::EmailChangedFollowUp{billing::QueueCustomerEmailUpdate, [this, wake_delivery] {
                                   if (wake_delivery) customer_email_sync_->Wake();
                                 }});
  export_service_ = std::make_unique<auth::ExportService>(
      config_, db_, *clock_, app_quota,
      std::vector<auth::ExportPart>{apps::ExportPart, billing::ExportPart});
  account_handlers_ = std::make_unique<auth::AccountHandlers>(
      *devices_service_, *email_change_service_, *export_service_, *account_deletion_);
  oidc_service_ = std::make_unique<auth::OidcService>(config_, db_, *clock_, logger_, *limiter_,
                                                      *auth_service_);
  oidc_handlers_ = std::make_unique<auth::OidcHandlers>(config_, *oidc_service_, *auth_handlers_);
  trusted_proxies_ = std::make_unique<http::TrustedProxies>(config_.trusted_proxies);
  services_ = std::make_unique<Services>(
      Services{config_, db_, openapi_json_, *auth_handlers_, *account_handlers_, *apps_handlers_,
               *billing_handlers_, *admin_handlers_, *metrics_, [this] { return Gauges(); },
               *invitation_handlers_, *mfa_handlers_, *oidc_handlers_});

  std::vector<http::Route> routes = BuildRoutes(*services_);
  for (auto& r : extra_routes) routes.push_back(std::move(r));
  router_ = std::make_unique<http::Router>(std::move(routes));
  openapi_json_ = boost::json::serialize(ops::BuildOpenApi(router_->routes(), config_.version));
  dispatcher_ = std::make_unique<Dispatcher>(
      config_, logger_, *trusted_proxies_,
      [this](http::Request& r, http::AuthRequirement requirement) {
        // How often the caller's row came ahead, without blocking.
        metrics_->CountEvent("auth.caller_read",
                             r.extensions.Has<users::CallerRow>() ? "pipelined" : "pool");
        return authenticator_->Authenticate(r, requirement);
      });
}

void Application::LoadWebApp() {
  if (config_.web_dir == "none") return;
  const std::string root = config_.web_dir.empty() ? http::DefaultWebRoot() : config_.web_dir;
  if (root.empty()) {
    logger_.Warn(logging::events::kWebNotBuilt,
                 {{"detail", "no web/dist beside the binary: / is not served (run make web)"}});
    return;
  }
  try {
    web_app_ = std::make_unique<http::StaticSite>(root);
  } catch (const std::runtime_error& e) {
    throw ConfigError(e.what());
  }
  logger_.Info(logging::events::kWebLoaded, {{"dir", root}, {"files", web_app_->file_count()}});
}

Application::~Application() {
  if (server_) {
    server_->RequestStop();
    Wait();
  }
  delivery_->Stop();
  customer_email_sync_->Stop();
}

void Application::Start() {
  LoadWebApp();
  dispatcher_->ServeWebApp(web_app_.get());
  http::ServerOptions options;
  options.host = config_.bind_host;
  options.port = config_.bind_port;
  options.io_threads = config_.io_threads > 0 ? config_.io_threads : HardwareThreads();
  options.worker_threads = WorkerThreads(config_);
  options.outbound_threads = StripeThreads(config_);
  options.max_body_bytes = config_.max_body_bytes;
  options.max_header_bytes = config_.max_header_bytes;
  options.read_timeout = config_.read_timeout;
  options.idle_timeout = config_.idle_timeout;
  options.write_timeout = config_.write_timeout;
  options.shutdown_timeout = config_.shutdown_timeout;
  options.max_connections = config_.max_connections;
  options.max_connections_per_ip = config_.max_connections_per_ip;
  options.uncapped_peers = config_.trusted_proxies;
  options.max_body_memory_bytes = config_.max_body_memory_bytes;
  options.min_body_rate = config_.min_body_rate;
  options.body_rate_grace = config_.body_rate_grace;
  http::ServerHooks hooks;
  hooks.dispatch = [this](const http::RouteMatch& m, http::Request& r) {
    // Routes that call Stripe answer within STRIPE_TIMEOUT_MS of their arrival, however long
    // they waited for one of their threads.
    std::optional<billing::StripeCallDeadline> deadline;
    if (m.route && m.route->execution == http::Execution::kOutboundPool) {
      deadline.emplace(r.received + config_.stripe_timeout);
    }
    return dispatcher_->Dispatch(m, r);
  };
  hooks.completed = [this](const http::Request& r, const http::Response& res,
                           std::string_view route, std::chrono::steady_clock::duration d) {
    dispatcher_->Completed(r, res, route, d);
    metrics_->ObserveRequest(route.empty() ? "unmatched" : route, res.status,
                             std::chrono::duration<double>(d).count());
  };
  // The pipelined connections prepare by name and keep several queries out at once: only on a
  // connection that is theirs alone, not through a transaction-mode pooler.
  if (db_.keeps_statements()) {
    hooks.io_thread_state = [this](boost::asio::io_context& io) {
      // A read ahead that waits longer than DB_QUERY_TIMEOUT_MS (2 s at most) goes to the pool.
      return std::make_unique<CallerReads>(
          io, db_.url().postgres_conninfo,
          std::min<std::chrono::milliseconds>(config_.db_query_timeout, std::chrono::seconds(2)));
    };
    hooks.prepare = [this](http::IoThreadState* state, const http::RouteMatch& m, http::Request& r,
                           std::function<void(bool)> done) {
      if (!db_.keeps_statements()) return false;  // a pooler gave itself away since
      db::PgPipeline& pg = static_cast<CallerReads*>(state)->pg;
      const auto* route_read = m.route->extensions.Find<db::ReadAhead<http::Request>>();
      // The caller and the route's own read go out together.
      auto join = std::make_shared<ReadsJoin>(route_read ? 2 : 1, std::move(done));
      const std::int64_t id =
          authenticator_->ReadCallerAhead(pg, r, [join](bool ok) { join->Arrive(ok); });
      if (id == 0) return false;
      if (route_read && !route_read->start(pg, id, r, [join](bool ok) { join->Arrive(ok); })) {
        join->Arrive(false);  // the caller's read is still out: done is not called from here
      }
      return true;
    };
  }
  hooks.stopping = [this] {
    if (stop_deadline_) stop_deadline_->Arm(config_.shutdown_timeout + kStopGrace);
  };
  server_ = std::make_unique<http::Server>(options, *router_, std::move(hooks));
  server_->Start();
  if (config_.email_worker == EmailWorker::kInProcess) {
    delivery_->Start();
    customer_email_sync_->Start();
  }
}

std::vector<ops::Metrics::Gauge> Application::Gauges() {
  std::vector<ops::Metrics::Gauge> gauges;
  gauges.push_back({"plangate_http_requests_in_flight", "Requests received and not yet answered.",
                    static_cast<double>(server_ ? server_->InFlight() : 0)});
  const http::ServerStats http = server_ ? server_->Stats() : http::ServerStats{};
  gauges.push_back({"plangate_http_connections_open", "Client connections open now.",
                    static_cast<double>(http.open_connections)});
  const char* refused_help =
      "Connections refused with 503 at accept: MAX_CONNECTIONS (total_cap) or "
      "MAX_CONNECTIONS_PER_IP (per_ip_cap) reached.";
  gauges.push_back({"plangate_http_connections_refused_total", refused_help,
                    static_cast<double>(http.refused_total_cap), "reason=\"total_cap\"", true});
  gauges.push_back({"plangate_http_connections_refused_total", refused_help,
                    static_cast<double>(http.refused_per_ip_cap), "reason=\"per_ip_cap\"", true});
  gauges.push_back({"plangate_http_body_bytes_reserved",
                    "Bytes of request bodies reserved now (MAX_BODY_MEMORY_BYTES bounds them).",
                    static_cast<double>(http.body_bytes_reserved)});
  gauges.push_back({"plangate_http_body_budget_refusals_total",
                    "Requests answered 503 because their body did not fit MAX_BODY_MEMORY_BYTES.",
                    static_cast<double>(http.body_budget_refusals), "", true});
  gauges.push_back({"plangate_http_slow_bodies_total",
                    "Requests cut off with 408: body slower than HTTP_MIN_BODY_RATE.",
                    static_cast<double>(http.slow_bodies), "", true});
  auto pool = db_.stats();
  gauges.push_back({"plangate_db_pool_size", "Database connections in the pool.",
                    static_cast<double>(pool.size)});
  gauges.push_back({"plangate_db_pool_in_use", "Database connections lent out now.",
                    static_cast<double>(pool.in_use)});
  gauges.push_back({"plangate_db_pool_waits", "Acquisitions that had to wait (since start).",
                    static_cast<double>(pool.waits)});
  try {
    auto pending = db_.Run([](soci::session& s) { return mail::outbox::PendingCount(s); });
    gauges.push_back({"plangate_email_outbox_pending", "Queued emails not yet delivered.",
                      static_cast<double>(pending)});
  } catch (const std::exception&) {
    // The database is down: the other gauges still answer.
  }
  return gauges;
}

std::uint16_t Application::port() const { return server_ ? server_->port() : 0; }

void Application::StopOnSignals() {
  stop_deadline_ = std::make_unique<StopDeadline>([this] {
    logger_.Error(logging::events::kServerStopForced,
                  {{"in_flight", server_->InFlight()},
                   {"detail", "requests or threads still stuck after SHUTDOWN_TIMEOUT_MS + 5 s"}});
    // Nothing else is flushed or joined: whatever is stuck would hang that too. Log lines are
    // written at once.
    std::_Exit(1);
  });
  server_->StopOnSignals();
}

void Application::RequestStop() {
  if (server_) server_->RequestStop();
}

void Application::Wait() {
  if (server_) server_->Wait();
  // In-flight requests are done: whatever they queued is in the outbox for the next start.
  delivery_->Stop();
  customer_email_sync_->Stop();
  if (stop_deadline_) stop_deadline_->Disarm();
}

std::vector<db::AppliedMigration> MigrateDatabase(const Config& config) {
  db::Database database(db::ParseDatabaseUrl(config.database_url), 1, config.db_acquire_timeout,
                        std::chrono::milliseconds(0), config.database_pooler);
  return db::Migrate(database);
}

}  // namespace plangate::app

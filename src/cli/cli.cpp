#include "cli/cli.h"

#include <signal.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json/array.hpp>
#include <iostream>

#include "admin/service.h"
#include "app/composition.h"
#include "app/config.h"
#include "app/version.h"
#include "auth/service.h"
#include "billing/customer_email_sync.h"
#include "billing/service.h"
#include "core/log_events.h"
#include "core/text.h"
#include "http/fields.h"
#include "mail/delivery.h"
#include "ops/rate_limiter.h"

namespace plangate::cli {

namespace {

using app::Config;

// Config errors are the operator's to fix: a one-line message on stderr and exit code 2.
bool LoadConfig(Config* out) {
  try {
    *out = app::ParseConfig(app::ProcessEnv());
    return true;
  } catch (const app::ConfigError& e) {
    std::cerr << "plangate: configuration error: " << e.what() << "\n";
    return false;
  }
}

boost::json::array AppliedList(const std::vector<db::AppliedMigration>& applied) {
  boost::json::array list;
  for (const auto& m : applied)
    list.push_back(boost::json::string(std::to_string(m.version) + "_" + m.name));
  return list;
}

int Serve() {
  Config config;
  if (!LoadConfig(&config)) return 2;
  try {
    app::EnsureLocalSigningKey(config);
  } catch (const std::exception& e) {
    std::cerr << "plangate: " << e.what() << "\n";
    return 2;
  }
  app::Application application(config, logging::Logger::StdoutSink());
  const auto& log = application.logger();
  if (config.jwt_signing_key_generated) {
    log.Warn(logging::events::kConfigLocalSigningKey, {{"path", "var/jwt_signing_key"}});
  }
  if (config.auto_migrate) {
    try {
      auto applied = db::Migrate(application.database());
      log.Info(logging::events::kDbMigrated, {{"applied", AppliedList(applied)}});
    } catch (const std::exception& e) {
      log.Error(logging::events::kDbMigrateFailed, {{"error", e.what()}});
      return 1;
    }
  }
  try {
    application.Start();
  } catch (const std::exception& e) {
    log.Error(logging::events::kServerStartFailed, {{"error", e.what()}});
    return 1;
  }
  application.StopOnSignals();
  log.Info(logging::events::kServerStarted,
           {{"host", config.bind_host},
            {"port", application.port()},
            {"version", config.version},
            {"app_env", app::AppEnvName(config.app_env)},
            {"database",
             application.database().engine() == db::Engine::kPostgres ? "postgres" : "sqlite"}});
  application.Wait();
  log.Info(logging::events::kServerStopped);
  return 0;
}

// Reads one line without echo when stdin is a terminal.
std::string ReadSecretLine(const char* prompt) {
  bool tty = ::isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::cerr << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int CreateSuperuser(const std::string& raw_email, bool password_stdin) {
  Config config;
  if (!LoadConfig(&config)) return 2;
  std::string email = core::LowerAscii(core::Trim(raw_email));
  if (!http::IsValidEmail(email)) {
    std::cerr << "plangate: --email is not a valid email address\n";
    return 2;
  }
  if (!password_stdin && !::isatty(STDIN_FILENO)) {
    std::cerr << "plangate: no terminal to ask for the password; use --password-stdin\n";
    return 2;
  }
  std::string password = ReadSecretLine("Password: ");
  if (!password_stdin) {
    if (ReadSecretLine("Password (again): ") != password) {
      std::cerr << "plangate: the passwords do not match\n";
      return 1;
    }
  }
  app::Application application(config, logging::Logger::StderrSink());
  auto problems = application.auth().PasswordProblems(password, email);
  if (!problems.empty()) {
    for (const auto& p : problems) std::cerr << "plangate: weak password: " << p << "\n";
    return 1;
  }
  try {
    if (config.auto_migrate) db::Migrate(application.database());
    std::int64_t id = application.auth().CreateSuperuser(email, password);
    application.logger().Info(logging::events::kAuthSuperuserCreated, {{"user_id", id}});
    return 0;
  } catch (const std::exception& e) {
    application.logger().Error(logging::events::kAuthSuperuserFailed, {{"error", e.what()}});
    return 1;
  }
}

// Email delivery (and, as later areas add them, scheduled jobs) for scale-out deployments that
// run `serve` with EMAIL_WORKER=external.
int Worker() {
  Config config;
  if (!LoadConfig(&config)) return 2;
  // Block the stop signals before any thread starts, then wait for one here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  app::Application application(config, logging::Logger::StdoutSink());
  const auto& log = application.logger();
  if (config.auto_migrate) {
    try {
      db::Migrate(application.database());
    } catch (const std::exception& e) {
      log.Error(logging::events::kDbMigrateFailed, {{"error", e.what()}});
      return 1;
    }
  }
  application.mail_delivery().Start();
  application.customer_email_sync().Start();
  log.Info(logging::events::kWorkerStarted, {{"version", config.version}});
  // Scheduled jobs, checked once a second between signals.
  auto& billing = application.billing();
  const auto& clock = application.clock();
  std::int64_t next_sync = clock.Now() + 60;
  std::int64_t next_repair = clock.Now() + 30;
  std::int64_t next_purge = clock.Now() + 60;
  std::int64_t next_fold = clock.Now() + 90;  // its own turn: a failed purge does not skip it
  int sig = 0;
  while (true) {
    timespec second{1, 0};
    sig = sigtimedwait(&stop_signals, nullptr, &second);
    if (sig > 0) break;
    const std::int64_t now = clock.Now();
    try {
      if (billing.configured() && config.stripe_sync_interval > 0 && now >= next_sync) {
        next_sync = now + config.stripe_sync_interval;
        auto changes = billing.SyncAll();
        log.Info(logging::events::kBillingSyncCompleted, {{"changed", changes.size()}});
      }
      if (billing.configured() && now >= next_repair) {
        next_repair = now + 600;
        // A cancellation due an hour ago whose deletion event never came: ask Stripe.
        int repaired = billing.RepairOverdueCancellations(3600);
        if (repaired > 0)
          log.Info(logging::events::kBillingSafetyNetRepaired, {{"subscriptions", repaired}});
      }
      if (now >= next_purge) {
        next_purge = now + 3600;
        ops::PurgeExpiredRateLimits(application.database(), now - 86400);
      }
      if (now >= next_fold) {
        next_fold = now + 3600;
        admin::FoldUserCounts(application.database());
      }
    } catch (const std::exception& e) {
      log.Warn(logging::events::kWorkerJobFailed, {{"error", e.what()}});
    }
  }
  application.mail_delivery().Stop();
  application.customer_email_sync().Stop();
  log.Info(logging::events::kWorkerStopped, {{"signal", sig}});
  return 0;
}

// Re-reads every customer's subscriptions from Stripe and repairs drift. Changes are printed on
// stdout, one line each; logs go to stderr.
int SyncStripe() {
  Config config;
  if (!LoadConfig(&config)) return 2;
  if (config.stripe_secret_key.empty()) {
    std::cerr << "plangate: STRIPE_SECRET_KEY is not set; nothing to sync with\n";
    return 2;
  }
  app::Application application(config, logging::Logger::StderrSink());
  try {
    if (config.auto_migrate) db::Migrate(application.database());
    auto changes = application.billing().SyncAll();
    for (const auto& c : changes) {
      std::cout << "user " << c.user_id << ": " << c.from << " -> " << c.to << " ("
                << c.subscriptions << " subscription" << (c.subscriptions == 1 ? "" : "s") << ")\n";
    }
    std::cout << changes.size() << " user" << (changes.size() == 1 ? "" : "s") << " changed\n";
    return 0;
  } catch (const std::exception& e) {
    application.logger().Error(logging::events::kBillingSyncFailed, {{"error", e.what()}});
    return 1;
  }
}

// The /api/schema document on stdout and nothing else there; logs go to stderr.
int OpenApi() {
  Config config;
  if (!LoadConfig(&config)) return 2;
  app::Application application(config, logging::Logger::StderrSink());
  std::cout << application.openapi_json() << "\n";
  return 0;
}

int MigrateCommand() {
  Config config;
  if (!LoadConfig(&config)) return 2;
  logging::Logger log(logging::Logger::StdoutSink(), config.log_level);
  for (auto& secret : app::Secrets(config)) log.AddSecret(secret);
  try {
    auto applied = app::MigrateDatabase(config);
    log.Info(logging::events::kDbMigrated, {{"applied", AppliedList(applied)}});
    return 0;
  } catch (const std::exception& e) {
    log.Error(logging::events::kDbMigrateFailed, {{"error", e.what()}});
    return 1;
  }
}

}  // namespace

int Main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::cerr << "plangate: libsodium failed to initialise\n";
    return 1;
  }
  CLI::App cli{
      "plangate: accounts, subscriptions and app limits for a SaaS product.\n"
      "Configured by environment variables; see .env.example."};
  cli.require_subcommand(1);
  int code = 0;

  auto* serve = cli.add_subcommand("serve", "Run the API server (BIND, default 127.0.0.1:8000)");
  serve->callback([&] { code = Serve(); });

  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations and exit");
  migrate->callback([&] { code = MigrateCommand(); });

  auto* worker = cli.add_subcommand(
      "worker", "Deliver queued email (for EMAIL_WORKER=external deployments) until SIGTERM");
  worker->callback([&] { code = Worker(); });

  std::string superuser_email;
  bool password_stdin = false;
  auto* superuser =
      cli.add_subcommand("createsuperuser", "Create a verified staff user (or promote one)");
  superuser->add_option("--email", superuser_email, "The user's email")->required();
  superuser->add_flag("--password-stdin", password_stdin,
                      "Read the password as one line from standard input");
  superuser->callback([&] { code = CreateSuperuser(superuser_email, password_stdin); });

  auto* sync = cli.add_subcommand(
      "sync-stripe", "Re-read every customer's subscriptions from Stripe and repair drift");
  sync->callback([&] { code = SyncStripe(); });

  auto* openapi = cli.add_subcommand("openapi", "Print the OpenAPI document (JSON) and exit");
  openapi->callback([&] { code = OpenApi(); });

  auto* version = cli.add_subcommand("version", "Print the version and exit");
  version->callback([&] { std::cout << app::Version() << "\n"; });

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  return code;
}

}  // namespace plangate::cli

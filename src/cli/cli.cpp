#include "cli/cli.h"

#include <sodium.h>

#include <CLI/CLI.hpp>
#include <boost/json/array.hpp>
#include <iostream>

#include "app/composition.h"
#include "app/config.h"
#include "app/version.h"
#include "db/migrate.h"

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
    log.Warn("config.local_signing_key", {{"path", "var/jwt_signing_key"}});
  }
  if (config.auto_migrate) {
    try {
      auto applied = db::Migrate(application.database());
      log.Info("db.migrated", {{"applied", AppliedList(applied)}});
    } catch (const std::exception& e) {
      log.Error("db.migrate_failed", {{"error", e.what()}});
      return 1;
    }
  }
  try {
    application.Start();
  } catch (const std::exception& e) {
    log.Error("server.start_failed", {{"error", e.what()}});
    return 1;
  }
  application.StopOnSignals();
  log.Info("server.started",
           {{"host", config.bind_host},
            {"port", application.port()},
            {"version", config.version},
            {"app_env", app::AppEnvName(config.app_env)},
            {"database",
             application.database().engine() == db::Engine::kPostgres ? "postgres" : "sqlite"}});
  application.Wait();
  log.Info("server.stopped");
  return 0;
}

int MigrateCommand() {
  Config config;
  if (!LoadConfig(&config)) return 2;
  logging::Logger log(logging::Logger::StdoutSink(), config.log_level);
  for (auto& secret : config.Secrets()) log.AddSecret(secret);
  try {
    db::Database database(db::ParseDatabaseUrl(config.database_url), 1, config.db_acquire_timeout);
    auto applied = db::Migrate(database);
    log.Info("db.migrated", {{"applied", AppliedList(applied)}});
    return 0;
  } catch (const std::exception& e) {
    log.Error("db.migrate_failed", {{"error", e.what()}});
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

#pragma once
// Real parts for tests: a fresh database per test (a SQLite file, or a new database in the
// throwaway PostgreSQL cluster that scripts/pg-test.sh started), the real Application on an
// ephemeral loopback port, and the real binary as a child process.

#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/composition.h"
#include "app/config.h"
#include "http_client.h"

namespace plangate::test {

enum class Engine { kSqlite, kPostgres };
std::string EngineName(const ::testing::TestParamInfo<Engine>& info);
inline const auto kEngines = ::testing::Values(Engine::kSqlite, Engine::kPostgres);

// The admin URL of the test PostgreSQL cluster (PLANGATE_TEST_PG_URL). Fails the test when unset,
// so a run without PostgreSQL cannot pass unnoticed.
std::string PostgresAdminUrl();

// PLANGATE_TEST_THROUGH_POOLER=1 (a ctest entry of its own): each test's PostgreSQL database is
// reached through the PgBouncer in transaction mode that pg-test.sh started
// (PLANGATE_TEST_PGBOUNCER_URL), and servers get DATABASE_POOLER=transaction.
bool ThroughPooler();
// The PgBouncer's URL for database `name`. Fails the test when pg-test.sh started none.
std::string PoolerUrl(const std::string& name);

// A unique, empty temporary directory, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class TestDatabase {
 public:
  explicit TestDatabase(Engine engine);
  ~TestDatabase();
  Engine engine() const { return engine_; }
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }  // PostgreSQL only

 private:
  Engine engine_;
  TempDir dir_;
  std::string name_;
  std::string url_;
};

// Collects log lines in memory.
class LogCapture : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<std::string> Lines();
  // Parsed lines whose "event" is the given one.
  std::vector<boost::json::object> Events(std::string_view event);
  // Events, once at least `count` of them arrived (the request log line is written after the
  // response, so a client can see the response first).
  std::vector<boost::json::object> WaitForEvents(
      std::string_view event, std::size_t count,
      std::chrono::milliseconds timeout = std::chrono::seconds(5));
  std::string All();

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  std::vector<std::string> lines_;
};

// Environment for a local test server on `db`: ephemeral port, quiet defaults.
app::Env TestEnv(const TestDatabase& db);
app::Env TestEnv(const std::string& database_url);

// The real Application, migrated, serving on 127.0.0.1:<ephemeral>.
class TestServer {
 public:
  TestServer(const TestDatabase& db, const app::Env& overrides = {},
             std::vector<http::Route> extra_routes = {},
             std::shared_ptr<core::Clock> clock = nullptr);
  // On a database of the caller's (e.g. in an OwnPostgres cluster).
  TestServer(const std::string& database_url, const app::Env& overrides = {},
             std::vector<http::Route> extra_routes = {},
             std::shared_ptr<core::Clock> clock = nullptr);
  ~TestServer();

  std::uint16_t port() const { return app_->port(); }
  HttpClient client() const { return HttpClient(port()); }
  LogCapture& logs() { return *logs_; }
  app::Application& app() { return *app_; }
  void Stop();

 private:
  std::shared_ptr<LogCapture> logs_;
  std::unique_ptr<app::Application> app_;
  bool stopped_ = false;
};

// build/plangate as a child process with its stdout and stderr captured.
class ServerProcess {
 public:
  // stdin_data, when given, is written to the child's standard input (then closed); otherwise
  // the child reads /dev/null.
  ServerProcess(std::vector<std::string> args, const app::Env& env, const std::string& cwd,
                const std::optional<std::string>& stdin_data = std::nullopt);
  ~ServerProcess();

  // Waits for the server.started log line and returns its port; 0 if the process exits first.
  std::uint16_t WaitForPort(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  void Signal(int sig);
  // The exit code, or -1 on timeout (the process is then killed). A signal death is 128+sig.
  int Wait(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  std::string Stdout();
  std::string Stderr();
  int pid() const { return pid_; }

 private:
  void Pump(int timeout_ms);
  int pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  int exit_code_ = -2;
};

// Runs a command to completion; returns its exit code, stdout in *output.
int RunCommand(const std::vector<std::string>& args, const app::Env& env, const std::string& cwd,
               std::string* output, std::string* error_output = nullptr,
               const std::optional<std::string>& stdin_data = std::nullopt);

}  // namespace plangate::test

namespace plangate::test {

// A PostgreSQL cluster of a test's own (scripts/pg-test.sh), for tests that stop the server.
class OwnPostgres {
 public:
  OwnPostgres();
  ~OwnPostgres();
  const std::string& admin_url() const { return url_; }
  // A URL for a fresh database in this cluster.
  std::string CreateDatabase(const std::string& name);
  void Stop();
  void Start();

 private:
  TempDir dir_;
  std::string url_;
};

}  // namespace plangate::test

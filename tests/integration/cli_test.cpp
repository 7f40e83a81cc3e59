// The real binary, as an operator runs it.

#include <gtest/gtest.h>
#include <signal.h>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <thread>

#include "db/url.h"
#include "support/test_env.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

app::Env BaseEnv(const std::string& database_url) {
  return {{"DATABASE_URL", database_url},
          {"BIND", "127.0.0.1:0"},
          {"HTTP_THREADS", "2"},
          {"WORKER_THREADS", "2"}};
}

TEST(CliTest, VersionAndHelp) {
  TempDir cwd;
  std::string out;
  EXPECT_EQ(RunCommand({PLANGATE_BINARY, "version"}, {}, cwd.path(), &out), 0);
  EXPECT_EQ(out, std::string(PLANGATE_VERSION) + "\n");
  for (std::string sub :
       {"serve", "migrate", "worker", "createsuperuser", "sync-stripe", "openapi", "version"}) {
    EXPECT_EQ(RunCommand({PLANGATE_BINARY, sub, "--help"}, {}, cwd.path(), &out), 0) << sub;
    EXPECT_NE(out.find("Usage"), std::string::npos) << sub << ": " << out;
  }
  EXPECT_NE(RunCommand({PLANGATE_BINARY, "no-such-command"}, {}, cwd.path(), &out), 0);
}

TEST(CliTest, OpenapiPrintsOnlyTheSchema) {
  TempDir cwd;
  std::string out, err;
  ASSERT_EQ(RunCommand({PLANGATE_BINARY, "openapi"}, {}, cwd.path(), &out, &err), 0) << err;
  auto doc = boost::json::parse(out).as_object();
  EXPECT_EQ(doc["openapi"], "3.0.3");
  auto& paths = doc["paths"].as_object();
  for (const char* path :
       {"/api/v1/auth/login", "/api/v1/apps/{id}/collaborators/{user_id}",
        "/api/v1/billing/webhook", "/api/v1/admin/users/{id}/cancel-subscription", "/healthz",
        "/readyz", "/metrics", "/api/schema"}) {
    EXPECT_TRUE(paths.contains(path)) << path;
  }
  EXPECT_FALSE(std::filesystem::exists(cwd.path() + "/var"))
      << "openapi must not touch the database";
}

TEST(CliTest, ProdRefusesUnsafeConfigurationNamingTheVariable) {
  TempDir cwd;
  std::string out, err;
  app::Env env = {{"APP_ENV", "prod"},
                  {"JWT_SIGNING_KEY", "0123456789abcdef0123456789abcdef-strong-key"}};
  EXPECT_EQ(RunCommand({PLANGATE_BINARY, "serve"}, env, cwd.path(), &out, &err), 2);
  EXPECT_NE(err.find("DATABASE_URL"), std::string::npos) << err;
  env["DATABASE_URL"] = "postgres://u@127.0.0.1:1/x";
  env["JWT_SIGNING_KEY"] = "short";
  EXPECT_EQ(RunCommand({PLANGATE_BINARY, "serve"}, env, cwd.path(), &out, &err), 2);
  EXPECT_NE(err.find("JWT_SIGNING_KEY"), std::string::npos) << err;
  EXPECT_EQ(err.find("short"), std::string::npos) << "the key value leaked: " << err;
  env["JWT_SIGNING_KEY"] = "0123456789abcdef0123456789abcdef-strong-key";
  EXPECT_EQ(RunCommand({PLANGATE_BINARY, "serve"}, env, cwd.path(), &out, &err), 2);
  EXPECT_NE(err.find("ALLOWED_HOSTS"), std::string::npos) << err;
}

TEST(CliTest, MigrateTwiceOnSqliteWithRelativeUrl) {
  TempDir cwd;
  std::string out;
  app::Env env = {{"DATABASE_URL", "sqlite:///data/app.db"}};
  ASSERT_EQ(RunCommand({PLANGATE_BINARY, "migrate"}, env, cwd.path(), &out), 0) << out;
  EXPECT_NE(out.find("\"applied\":[\"1_init\""), std::string::npos) << out;
  EXPECT_TRUE(std::filesystem::exists(cwd.path() + "/data/app.db"));
  ASSERT_EQ(RunCommand({PLANGATE_BINARY, "migrate"}, env, cwd.path(), &out), 0);
  EXPECT_NE(out.find("\"applied\":[]"), std::string::npos) << out;
}

TEST(CliTest, ServeWithDefaultsCreatesDatabaseAndKeyUnderVar) {
  TempDir cwd;
  ServerProcess proc({PLANGATE_BINARY, "serve"}, {{"BIND", "127.0.0.1:0"}}, cwd.path());
  std::uint16_t port = proc.WaitForPort();
  ASSERT_NE(port, 0) << proc.Stdout() << proc.Stderr();
  EXPECT_EQ(HttpClient(port).Get("/readyz").status, 200);
  EXPECT_TRUE(std::filesystem::exists(cwd.path() + "/var/plangate.db"));
  EXPECT_TRUE(std::filesystem::exists(cwd.path() + "/var/jwt_signing_key"));
  proc.Signal(SIGINT);
  EXPECT_EQ(proc.Wait(), 0);
  // stdout carries only JSON log lines.
  std::string out = proc.Stdout();
  std::size_t start = 0, lines = 0;
  while (start < out.size()) {
    auto nl = out.find('\n', start);
    std::string line = out.substr(start, nl - start);
    EXPECT_NO_THROW(boost::json::parse(line)) << line;
    start = nl + 1;
    ++lines;
  }
  EXPECT_GE(lines, 3u);
  EXPECT_NE(out.find("\"server.stopped\""), std::string::npos);
}

TEST(CliTest, StartsWithTheDatabaseDownAndReportsNotReady) {
  TempDir cwd;
  app::Env env = BaseEnv("postgres://postgres@127.0.0.1:1/plangate");
  env["AUTO_MIGRATE"] = "false";
  ServerProcess proc({PLANGATE_BINARY, "serve"}, env, cwd.path());
  std::uint16_t port = proc.WaitForPort();
  ASSERT_NE(port, 0) << proc.Stdout() << proc.Stderr();
  HttpClient client(port);
  EXPECT_EQ(client.Get("/healthz").status, 200);
  auto ready = client.Get("/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.Json().at("checks").at("database"), "error");
  proc.Signal(SIGTERM);
  EXPECT_EQ(proc.Wait(), 0);
}

// SIGTERM while a request is in flight: the request still gets its 200, no new connection is
// accepted meanwhile, and the process exits 0.
TEST(CliTest, SigtermDrainsRequestsInFlight) {
  TestDatabase tdb(Engine::kPostgres);
  TempDir cwd;
  ServerProcess proc({PLANGATE_BINARY, "serve"}, BaseEnv(tdb.url()), cwd.path());
  std::uint16_t port = proc.WaitForPort();
  ASSERT_NE(port, 0) << proc.Stdout() << proc.Stderr();

  // Hold a lock that /readyz's query must wait for, so the request is provably in flight.
  soci::session locker(soci::postgresql, db::ParseDatabaseUrl(tdb.url()).postgres_conninfo);
  locker << "BEGIN";
  locker << "LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE";

  RawConnection conn(port);
  conn.Write("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(300ms);
  proc.Signal(SIGTERM);
  std::this_thread::sleep_for(300ms);
  EXPECT_THROW(RawConnection{port}, std::runtime_error) << "accepted a connection while draining";

  locker << "COMMIT";
  auto response = conn.ReadResponse(10s);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_EQ(proc.Wait(), 0) << proc.Stdout();
}

}  // namespace
}  // namespace plangate::test

// The HTTP core end to end: real server, real sockets, both database engines.

#include <gtest/gtest.h>

#include <soci/soci.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <thread>

#include <sched.h>

#include "db/migrate.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "support/test_env.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

// Routes mounted by the tests beside the real table, to drive the shared pipeline through paths
// the foundation's own routes do not take yet (a JSON body, an unexpected exception, a query).
std::vector<http::Route> ProbeRoutes(db::Database** db_slot) {
  std::vector<http::Route> routes;
  routes.push_back(http::Route{http::Method::kPost,
                               "/test/echo",
                               http::AuthRequirement::kNone,
                               http::Execution::kWorkerPool,
                               [](http::Context& c) {
                                 auto body = http::ParseJsonObject(c.request);
                                 return http::Response::Json(200, boost::json::serialize(body));
                               },
                               {}});
  routes.push_back(http::Route{http::Method::kGet,
                               "/test/boom",
                               http::AuthRequirement::kNone,
                               http::Execution::kWorkerPool,
                               [](http::Context&) -> http::Response {
                                 throw std::runtime_error(
                                     "internal detail: SELECT secret FROM vault");
                               },
                               {}});
  routes.push_back(
      http::Route{http::Method::kGet,
                  "/test/db",
                  http::AuthRequirement::kNone,
                  http::Execution::kWorkerPool,
                  [db_slot](http::Context&) {
                    int one = 0;
                    (*db_slot)->Run([&](soci::session& s) { s << "SELECT 1", soci::into(one); });
                    return http::Response::Json(200, "{\"one\":" + std::to_string(one) + "}");
                  },
                  {}});
  routes.push_back(http::Route{http::Method::kGet,
                               "/test/private",
                               http::AuthRequirement::kUser,
                               http::Execution::kWorkerPool,
                               [](http::Context&) { return http::Response::Json(200, "{}"); },
                               {}});
  return routes;
}

class ServerTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override { StartServer({}); }

  void StartServer(const app::Env& env) {
    server_.reset();
    server_ = std::make_unique<TestServer>(db_, env, ProbeRoutes(&db_ptr_));
    db_ptr_ = &server_->app().database();
  }

  TestDatabase db_{GetParam()};
  db::Database* db_ptr_ = nullptr;
  std::unique_ptr<TestServer> server_;
};

TEST_P(ServerTest, HealthzAnswersWithVersion) {
  auto r = server_->client().Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Type"), "application/json; charset=utf-8");
  auto body = r.Json().as_object();
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["version"], PLANGATE_VERSION);
  EXPECT_EQ(server_->client().Get("/healthz/").status, 200);
}

// The event loops leave wakeup preemption to the scheduler's tick (SCHED_BATCH); the thread that
// started the server keeps the default policy.
TEST_P(ServerTest, EventLoopsRunWithBatchScheduling) {
  auto batch_threads = [] {
    int n = 0;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
      n += sched_getscheduler(std::stoi(task.path().filename().string())) == SCHED_BATCH;
    }
    return n;
  };
  // The loops may still be starting when the port is open.
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (batch_threads() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_GE(batch_threads(), 2) << "HTTP_THREADS in the test environment";
  EXPECT_EQ(sched_getscheduler(0), SCHED_OTHER);
  EXPECT_EQ(server_->client().Get("/healthz").status, 200);
}

TEST_P(ServerTest, ReadyzChecksTheDatabase) {
  auto r = server_->client().Get("/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Json().at("checks").at("database"), "ok");
}

TEST_P(ServerTest, RequestIdIsEchoedWhenValidAndGeneratedOtherwise) {
  auto echoed = server_->client().Get("/healthz", {{"X-Request-ID", "abc-123_X.y"}});
  EXPECT_EQ(echoed.Header("X-Request-ID"), "abc-123_X.y");

  for (std::string bad : {std::string(129, 'a'), std::string("has space"),
                          std::string("semi;colon"), std::string("")}) {
    auto r = server_->client().Get("/healthz", {{"X-Request-ID", bad}});
    auto id = r.Header("X-Request-ID");
    ASSERT_TRUE(id.has_value());
    EXPECT_NE(*id, bad);
    EXPECT_EQ(id->size(), 32u);
  }
  auto a = server_->client().Get("/healthz").Header("X-Request-ID");
  auto b = server_->client().Get("/healthz").Header("X-Request-ID");
  EXPECT_NE(a, b);
  // Errors carry it too.
  EXPECT_EQ(server_->client().Get("/nope", {{"X-Request-ID", "trace-1"}}).Header("X-Request-ID"),
            "trace-1");
}

TEST_P(ServerTest, UnknownRouteIs404InContractShape) {
  auto r = server_->client().Get("/api/v1/does-not-exist");
  EXPECT_EQ(r.status, 404);
  auto body = r.Json().as_object();
  EXPECT_EQ(body["code"], "NOT_FOUND");
  EXPECT_TRUE(body["detail"].is_string());
}

TEST_P(ServerTest, WrongMethodIs405WithAllow) {
  auto r = server_->client().Send("DELETE", "/healthz");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("Allow"), "GET, OPTIONS");
  EXPECT_EQ(r.Json().at("code"), "METHOD_NOT_ALLOWED");
}

TEST_P(ServerTest, InvalidJsonIs400AndNonJsonIs415) {
  auto client = server_->client();
  auto bad = client.PostJson("/test/echo", "{\"a\":");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json().at("code"), "BAD_REQUEST");
  auto array = client.PostJson("/test/echo", "[1,2]");
  EXPECT_EQ(array.status, 400);
  EXPECT_EQ(array.Json().at("code"), "BAD_REQUEST");
  auto form = client.Send("POST", "/test/echo", "a=1",
                          {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(form.status, 415);
  EXPECT_EQ(form.Json().at("code"), "UNSUPPORTED_MEDIA_TYPE");
  auto ok = client.PostJson("/test/echo", "{\"a\":1,\"unknown\":[true]}");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.Json().at("a"), 1);
}

TEST_P(ServerTest, BodyOverOneMebibyteIs413) {
  std::string big(1024 * 1024 + 1, 'x');
  auto r =
      server_->client().Send("POST", "/test/echo", big, {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.Json().at("code"), "PAYLOAD_TOO_LARGE");

  // Declared too large: answered from the headers alone, before any body byte is sent.
  RawConnection conn(server_->port());
  conn.Write(
      "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 5000000\r\n\r\n");
  auto early = conn.ReadResponse(5s);
  ASSERT_TRUE(early.has_value());
  EXPECT_EQ(early->status, 413);

  // Chunked with no declared length: cut off at the limit.
  RawConnection chunked(server_->port());
  std::string req =
      "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i) req += "10000\r\n" + std::string(0x10000, 'y') + "\r\n";
  chunked.Write(req);
  auto cut = chunked.ReadResponse(5s);
  ASSERT_TRUE(cut.has_value());
  EXPECT_EQ(cut->status, 413);

  // Exactly at the limit is fine (and then invalid JSON, which proves it was read).
  auto at_limit = server_->client().Send("POST", "/test/echo", std::string(1024 * 1024, 'x'),
                                         {{"Content-Type", "application/json"}});
  EXPECT_EQ(at_limit.status, 400);
}

TEST_P(ServerTest, EscapedExceptionIs500WithoutInternalDetail) {
  auto r = server_->client().Get("/test/boom", {{"X-Request-ID", "boom-1"}});
  EXPECT_EQ(r.status, 500);
  auto body = r.Json().as_object();
  EXPECT_EQ(body["code"], "INTERNAL_ERROR");
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
  EXPECT_EQ(r.body.find("vault"), std::string::npos);
  auto logged = server_->logs().Events("http.unhandled_exception");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0]["request_id"], "boom-1");
  EXPECT_NE(std::string(logged[0]["error"].as_string()).find("vault"), std::string::npos);
}

TEST_P(ServerTest, RoutesThatNeedAUserFailClosedWithoutAnAuthenticator) {
  auto r = server_->client().Get("/test/private");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Json().at("code"), "NOT_AUTHENTICATED");
  EXPECT_EQ(r.Header("WWW-Authenticate"), "Bearer");
}

TEST_P(ServerTest, EveryRequestIsLoggedWithItsRoutePattern) {
  server_->client().Get("/healthz", {{"X-Request-ID", "log-1"}});
  server_->client().Get("/missing", {{"X-Request-ID", "log-2"}});
  auto lines = server_->logs().WaitForEvents("http.request", 2);
  ASSERT_GE(lines.size(), 2u);
  auto find = [&](std::string_view id) {
    for (auto& l : lines) {
      if (l["request_id"].as_string() == id) return l;
    }
    return boost::json::object{};
  };
  auto ok = find("log-1");
  EXPECT_EQ(ok["method"], "GET");
  EXPECT_EQ(ok["route"], "/healthz");
  EXPECT_EQ(ok["status"], 200);
  EXPECT_TRUE(ok["duration_ms"].is_double());
  EXPECT_EQ(ok["ip"], "127.0.0.1");
  EXPECT_EQ(ok["level"], "info");
  auto missing = find("log-2");
  EXPECT_EQ(missing["status"], 404);
  EXPECT_TRUE(missing["route"].is_null());
}

TEST_P(ServerTest, KeepAliveAndPipelinedRequests) {
  RawConnection conn(server_->port());
  conn.Write(
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-ID: p1\r\n\r\n"
      "GET /readyz HTTP/1.1\r\nHost: x\r\nX-Request-ID: p2\r\n\r\n");
  auto first = conn.ReadResponse(5s);
  auto second = conn.ReadResponse(5s);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->Header("X-Request-ID"), "p1");
  EXPECT_EQ(second->Header("X-Request-ID"), "p2");
  EXPECT_EQ(second->status, 200);
  conn.Write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto third = conn.ReadResponse(5s);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 200);
}

TEST_P(ServerTest, SlowClientIsDropped) {
  StartServer({{"HTTP_READ_TIMEOUT_MS", "400"}});
  RawConnection conn(server_->port());
  conn.Write("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // headers never finish
  EXPECT_FALSE(conn.WaitClosed(150ms)) << "closed before the read timeout";
  EXPECT_TRUE(conn.WaitClosed(5s)) << "a slow client was kept";
}

TEST_P(ServerTest, TricklingClientCannotExtendTheDeadline) {
  StartServer({{"HTTP_READ_TIMEOUT_MS", "500"}});
  RawConnection conn(server_->port());
  conn.Write("GET /healthz HTTP/1.1\r\n");
  auto started = std::chrono::steady_clock::now();
  bool closed = false;
  for (int i = 0; i < 40 && !closed; ++i) {
    closed = !conn.Write("X-A: b\r\n") || conn.WaitClosed(100ms);
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST_P(ServerTest, IdleKeepAliveConnectionIsClosed) {
  StartServer({{"HTTP_IDLE_TIMEOUT_MS", "300"}});
  RawConnection conn(server_->port());
  conn.Write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r = conn.ReadResponse(5s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(conn.WaitClosed(5s));
}

TEST_P(ServerTest, MalformedRequestLineIs400) {
  RawConnection conn(server_->port());
  conn.Write("THIS IS NOT HTTP\r\n\r\n");
  auto r = conn.ReadResponse(5s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->Json().at("code"), "BAD_REQUEST");
}

TEST_P(ServerTest, OversizedHeadersAreRefused) {
  auto r = server_->client().Get("/healthz", {{"X-Big", std::string(64 * 1024, 'h')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_TRUE(r.Json().at("code").is_string());
}

TEST_P(ServerTest, CorsForAllowedOriginsOnly) {
  StartServer({{"CORS_ALLOWED_ORIGINS", "https://app.example.com"}});
  auto client = server_->client();
  auto pre = client.Send("OPTIONS", "/readyz", {},
                         {{"Origin", "https://app.example.com"},
                          {"Access-Control-Request-Method", "GET"},
                          {"Access-Control-Request-Headers", "authorization"}});
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.Header("Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_EQ(pre.Header("Access-Control-Allow-Credentials"), "true");
  EXPECT_NE(pre.Header("Access-Control-Allow-Headers")->find("Authorization"), std::string::npos);
  EXPECT_NE(pre.Header("Access-Control-Allow-Methods")->find("GET"), std::string::npos);

  auto simple = client.Get("/healthz", {{"Origin", "https://app.example.com"}});
  EXPECT_EQ(simple.Header("Access-Control-Allow-Origin"), "https://app.example.com");
  auto error = client.Get("/nope", {{"Origin", "https://app.example.com"}});
  EXPECT_EQ(error.Header("Access-Control-Allow-Origin"), "https://app.example.com");

  auto foreign = client.Send(
      "OPTIONS", "/readyz", {},
      {{"Origin", "https://evil.example.com"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_FALSE(foreign.Header("Access-Control-Allow-Origin").has_value());
  EXPECT_FALSE(client.Get("/healthz", {{"Origin", "https://evil.example.com"}})
                   .Header("Access-Control-Allow-Origin")
                   .has_value());
}

TEST_P(ServerTest, ConcurrentRequestsAllSucceed) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        if (server_->client().Get(i % 2 ? "/readyz" : "/test/db").status == 200) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
}

TEST_P(ServerTest, SchemaIsServed) {
  auto r = server_->client().Get("/api/schema");
  EXPECT_EQ(r.status, 200);
  auto doc = r.Json().as_object();
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_TRUE(doc["paths"].as_object().contains("/healthz"));
}

TEST_P(ServerTest, MetricsInPrometheusFormat) {
  auto client = server_->client();
  client.Get("/healthz");
  client.Get("/healthz");
  client.Get("/no/such/route");
  client.PostJson("/api/v1/auth/login",
                  R"({"email":"nobody@example.com","password":"Wrong-Pass-1"})");
  server_->logs().WaitForEvents("http.request", 4);
  auto r = client.Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& m = r.body;
  EXPECT_NE(m.find("plangate_http_requests_total{route=\"/healthz\",status=\"200\"} 2"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("plangate_http_requests_total{route=\"unmatched\",status=\"404\"} 1"),
            std::string::npos);
  EXPECT_NE(m.find("plangate_http_request_duration_seconds_bucket{route=\"/"
                   "healthz\",status=\"200\",le=\"+Inf\"} 2"),
            std::string::npos);
  EXPECT_NE(m.find("plangate_http_request_duration_seconds_count{route=\"/api/v1/auth/"
                   "login\",status=\"401\"} 1"),
            std::string::npos);
  EXPECT_NE(
      m.find("plangate_events_total{event=\"auth.login.failed\",label=\"invalid_credentials\"} 1"),
      std::string::npos)
      << m;
  for (const char* gauge : {"plangate_http_requests_in_flight ", "plangate_db_pool_size ",
                            "plangate_db_pool_in_use ", "plangate_email_outbox_pending 0"}) {
    EXPECT_NE(m.find(gauge), std::string::npos) << gauge;
  }
}

TEST_P(ServerTest, SwaggerUiIsServedFromTheBinary) {
  auto page = server_->client().Get("/api/docs");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("/api/docs/swagger-ui-bundle.js"), std::string::npos);
  EXPECT_NE(page.body.find("/api/docs/swagger-initializer.js"), std::string::npos);
  EXPECT_EQ(page.body.find("http"), std::string::npos) << "no CDN or other host";
  auto init = server_->client().Get("/api/docs/swagger-initializer.js");
  ASSERT_EQ(init.status, 200);
  EXPECT_EQ(init.Header("Content-Type"), "application/javascript; charset=utf-8");
  EXPECT_NE(init.body.find("url: \"/api/schema\""), std::string::npos);
  auto js = server_->client().Get("/api/docs/swagger-ui-bundle.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.Header("Content-Type"), "application/javascript; charset=utf-8");
  EXPECT_GT(js.body.size(), 1000000u);
  EXPECT_NE(js.body.find("SwaggerUIBundle"), std::string::npos);
  auto css = server_->client().Get("/api/docs/swagger-ui.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_NE(css.body.find(".swagger-ui"), std::string::npos);
  EXPECT_EQ(server_->client().Get("/api/docs/").status, 200);
}

// The docs page runs no inline script, keeps no token in localStorage, and cannot be framed.
TEST_P(ServerTest, SwaggerUiPageIsLockedDown) {
  auto page = server_->client().Get("/api/docs");
  ASSERT_EQ(page.status, 200);
  auto csp = page.Header("Content-Security-Policy");
  ASSERT_TRUE(csp);
  EXPECT_NE(csp->find("script-src 'self'"), std::string::npos) << *csp;
  EXPECT_EQ(csp->find("'unsafe-eval'"), std::string::npos) << *csp;
  EXPECT_NE(csp->find("style-src 'self' 'unsafe-inline'"), std::string::npos) << *csp;
  EXPECT_NE(csp->find("img-src 'self' data:"), std::string::npos) << *csp;
  EXPECT_NE(csp->find("connect-src 'self'"), std::string::npos) << *csp;
  EXPECT_NE(csp->find("frame-ancestors 'none'"), std::string::npos) << *csp;
  // script-src 'self' alone allows no inline script; say so about the page too.
  std::string_view script_src(*csp);
  script_src = script_src.substr(script_src.find("script-src"));
  script_src = script_src.substr(0, script_src.find(';'));
  EXPECT_EQ(script_src.find("unsafe-inline"), std::string_view::npos) << *csp;
  EXPECT_EQ(page.body.find("<script>"), std::string::npos) << "an inline script would be blocked";
  EXPECT_EQ(page.Header("X-Frame-Options"), "DENY");
  EXPECT_EQ(page.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(server_->client().Get("/api/docs/").Header("X-Frame-Options"), "DENY");
  auto init = server_->client().Get("/api/docs/swagger-initializer.js");
  EXPECT_EQ(init.body.find("persistAuthorization: true"), std::string::npos) << init.body;
  EXPECT_NE(init.body.find("persistAuthorization: false"), std::string::npos) << init.body;
}

TEST_P(ServerTest, MetricsTokenProtectsMetrics) {
  StartServer({{"METRICS_TOKEN", "scrape-token-123"}});
  auto denied = server_->client().Get("/metrics");
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(denied.Json().at("code"), "NOT_AUTHENTICATED");
  EXPECT_EQ(server_->client().Get("/metrics", {{"Authorization", "Bearer wrong"}}).status, 401);
  EXPECT_EQ(
      server_->client().Get("/metrics", {{"Authorization", "Bearer scrape-token-123"}}).status,
      200);
}

INSTANTIATE_TEST_SUITE_P(Engines, ServerTest, kEngines, EngineName);

// Outside APP_ENV=local /metrics is closed until the operator opens it: a token, or
// METRICS_PUBLIC=true. (Local, with neither, it is open: ServerTest.MetricsInPrometheusFormat.)
TEST(MetricsAccessTest, StagingAnswers403UnlessATokenOrMetricsPublic) {
  TestDatabase db(Engine::kPostgres);
  const app::Env staging = {{"APP_ENV", "staging"},
                            {"JWT_SIGNING_KEY", "Zq8v3N0xK7pW2mR9tY4uB6cE1fH5jL0aS3dG8kQw"},
                            {"ALLOWED_HOSTS", "127.0.0.1"}};
  {
    TestServer server(db, staging);
    auto denied = server.client().Get("/metrics");
    EXPECT_EQ(denied.status, 403);
    EXPECT_EQ(denied.Json().at("code"), "PERMISSION_DENIED");
    // Even a Bearer header opens nothing when no token is configured.
    EXPECT_EQ(server.client().Get("/metrics", {{"Authorization", "Bearer "}}).status, 403);
  }
  {
    app::Env env = staging;
    env["METRICS_PUBLIC"] = "true";
    TestServer server(db, env);
    EXPECT_EQ(server.client().Get("/metrics").status, 200);
  }
  {
    app::Env env = staging;
    env["METRICS_TOKEN"] = "scrape-token-456";
    TestServer server(db, env);
    EXPECT_EQ(server.client().Get("/metrics").status, 401);
    EXPECT_EQ(
        server.client().Get("/metrics", {{"Authorization", "Bearer scrape-token-456"}}).status,
        200);
  }
}

// PostgreSQL stopped under a running server: 503 in the contract's shape, then recovery with no
// restart of the server.
TEST(DatabaseOutageTest, ReadyzAndQueriesRecoverWhenPostgresReturns) {
  OwnPostgres pg;
  std::string url = pg.CreateDatabase("outage");
  auto logs = std::make_shared<LogCapture>();
  app::Env env = {{"APP_ENV", "local"},     {"BIND", "127.0.0.1:0"}, {"DATABASE_URL", url},
                  {"JWT_SIGNING_KEY", "k"}, {"HTTP_THREADS", "2"},   {"WORKER_THREADS", "3"}};
  db::Database* db_ptr = nullptr;
  app::Application application(app::ParseConfig(env), logs, ProbeRoutes(&db_ptr));
  db_ptr = &application.database();
  db::Migrate(application.database());
  application.Start();
  HttpClient client(application.port());

  for (int i = 0; i < 6; ++i) ASSERT_EQ(client.Get("/test/db").status, 200);
  ASSERT_EQ(client.Get("/readyz").status, 200);

  pg.Stop();
  for (int i = 0; i < 6; ++i) {
    auto r = client.Get("/test/db");
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_EQ(r.Json().at("code"), "SERVICE_UNAVAILABLE");
  }
  auto down = client.Get("/readyz");
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.Json().at("checks").at("database"), "error");
  EXPECT_EQ(down.Json().at("code"), "SERVICE_UNAVAILABLE");
  EXPECT_EQ(client.Get("/healthz").status, 200);

  pg.Start();
  auto deadline = std::chrono::steady_clock::now() + 10s;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    status = client.Get("/readyz").status;
    if (status == 200) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(status, 200);
  // Every pooled connection heals, not just the one readyz used.
  for (int i = 0; i < 6; ++i) EXPECT_EQ(client.Get("/test/db").status, 200);
  EXPECT_TRUE(logs->All().find("\"status\":500") == std::string::npos) << logs->All();
  application.RequestStop();
  application.Wait();
}

}  // namespace
}  // namespace plangate::test

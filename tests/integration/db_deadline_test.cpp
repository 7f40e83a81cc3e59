// Issue #18: a database that stops answering must not pin workers. With the database behind a
// relay that stops forwarding (a pooler whose server is gone, a network dropping packets), every
// request answers 503 SERVICE_UNAVAILABLE within DB_QUERY_TIMEOUT_MS (twice, at most: the read
// ahead, then the pool), /healthz still answers, and SIGTERM ends the process within
// SHUTDOWN_TIMEOUT_MS; a stop that is stuck anyway ends the process 5 s after that.

#include <gtest/gtest.h>
#include <signal.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <thread>

#include "db/url.h"
#include "support/auth_helpers.h"
#include "support/tcp_relay.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Answer {
  std::optional<HttpResponse> response;
  Clock::duration took{};
};

// One request on a connection of its own; no response within `wait` leaves response empty.
Answer Timed(std::uint16_t port, const std::string& method, const std::string& target,
             Headers headers, std::chrono::milliseconds wait, const std::string& body = "") {
  RawConnection conn(port);
  const auto start = Clock::now();
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  conn.Write(HttpClient::BuildRequest(method, target, body, headers));
  Answer a;
  a.response = conn.ReadResponse(wait);
  a.took = Clock::now() - start;
  return a;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

void Expect503(const Answer& a, Clock::duration within, const std::string& what) {
  ASSERT_TRUE(a.response) << what << ": no answer after " << Seconds(a.took) << " s";
  EXPECT_EQ(a.response->status, 503) << what << ": " << a.response->body;
  EXPECT_NE(a.response->body.find("\"SERVICE_UNAVAILABLE\""), std::string::npos)
      << what << ": " << a.response->body;
  EXPECT_LT(a.took, within) << what << " took " << Seconds(a.took) << " s";
}

// A user in the database, the binary serving it through a relay, and a lock that holds app
// creations inside the server, on their pooled connections, until the relay goes silent.
class DbDeadlineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setup_.emplace(db_, app::Env{{"RATE_LIMIT_ENABLED", "false"}});
    user_ = CreateUser(*setup_, "deadline@example.com");
    ExecSql(*setup_, "UPDATE users SET app_limit_override = 1000");
    auto [host, port] = HostAndPort(db_.url());
    relay_.emplace(host, port);
  }

  void StartServer(const app::Env& overrides) {
    app::Env env = TestEnv(ThroughRelay(db_.url(), *relay_));
    env["RATE_LIMIT_ENABLED"] = "false";
    env["LOG_LEVEL"] = "info";
    for (const auto& [k, v] : overrides) env[k] = v;
    proc_.emplace(std::vector<std::string>{PLANGATE_BINARY, "serve"}, env, cwd_.path());
    port_ = proc_->WaitForPort();
    ASSERT_NE(port_, 0) << proc_->Stdout() << proc_->Stderr();
    ASSERT_EQ(HttpClient(port_).Get("/api/v1/auth/me", auth()).status, 200);
  }

  // App creations that are inside PostgreSQL (waiting for a lock, on a pooled connection opened
  // while the relay still forwarded) when the relay stops forwarding; the lock is released
  // afterwards, but no answer comes back through the relay.
  std::vector<std::thread> StallWithRequestsInFlight(std::vector<Answer>& answers) {
    soci::session locker(soci::postgresql, db::ParseDatabaseUrl(db_.url()).postgres_conninfo);
    locker << "BEGIN";
    locker << "LOCK TABLE app_members IN ACCESS EXCLUSIVE MODE";
    std::vector<std::thread> clients;
    for (std::size_t i = 0; i < answers.size(); ++i) {
      clients.emplace_back([this, &answers, i] {
        answers[i] = Timed(port_, "POST", "/api/v1/apps", auth(), 30s, R"({"name":"stalled"})");
      });
    }
    std::this_thread::sleep_for(500ms);
    relay_->BlackHole();
    locker << "ROLLBACK";
    return clients;
  }

  Headers auth() const { return BearerHeaders(user_.access); }

  TestDatabase db_{Engine::kPostgres};
  std::optional<TestServer> setup_;
  LoggedIn user_;
  std::optional<TcpRelay> relay_;
  TempDir cwd_;
  std::optional<ServerProcess> proc_;
  std::uint16_t port_ = 0;
};

TEST_F(DbDeadlineTest, StalledDatabaseAnswers503WithinTheDeadlineAndSigtermExits) {
  constexpr auto kQueryTimeout = 2s;
  constexpr auto kShutdownTimeout = 2s;
  StartServer({{"DB_QUERY_TIMEOUT_MS", "2000"},
               {"SHUTDOWN_TIMEOUT_MS", "2000"},
               {"DB_ACQUIRE_TIMEOUT_MS", "2000"}});
  // The deadline, then the second that the cancel request gets before the socket is shut down
  // (the relay swallows the cancel too), plus a margin for a loaded machine.
  const auto in_flight_bound = kQueryTimeout + 1s + 3s;
  // Arriving later: the read ahead's own deadline (at most 2 s), then the pool's, or a
  // connection attempt's connect_timeout (3 s), plus the margin.
  const auto later_bound = 2s + 3s + 3s;

  std::vector<Answer> answers(4);
  auto clients = StallWithRequestsInFlight(answers);
  // Liveness does not wait on the database.
  const Answer health = Timed(port_, "GET", "/healthz", {}, 2s);
  ASSERT_TRUE(health.response);
  EXPECT_EQ(health.response->status, 200);
  for (auto& t : clients) t.join();
  for (std::size_t i = 0; i < answers.size(); ++i) {
    Expect503(answers[i], in_flight_bound, "in flight #" + std::to_string(i));
  }
  // Requests arriving while the database is silent: 503 as well, never a hang.
  for (int i = 0; i < 3; ++i) {
    Expect503(Timed(port_, "GET", "/api/v1/auth/me", auth(), 30s), later_bound,
              "later #" + std::to_string(i));
  }

  // One more in flight, then SIGTERM: the process ends within its deadline (the drain, then what
  // cannot be cut short: a connection attempt, up to its connect_timeout), cleanly.
  std::thread last([this] { Timed(port_, "GET", "/api/v1/auth/me", auth(), 30s); });
  std::this_thread::sleep_for(200ms);
  const auto term = Clock::now();
  proc_->Signal(SIGTERM);
  const int code = proc_->Wait(30s);
  const auto stop = Clock::now() - term;
  last.join();
  EXPECT_EQ(code, 0) << proc_->Stdout() << proc_->Stderr();
  EXPECT_LT(stop, kShutdownTimeout + 5s) << "SIGTERM took " << Seconds(stop) << " s";
  EXPECT_EQ(proc_->Stdout().find("\"status\":500"), std::string::npos);
}

// No query deadline to free the workers (an hour): SIGTERM still ends the process, 5 s after
// SHUTDOWN_TIMEOUT_MS, with exit code 1 and a log line that says why.
TEST_F(DbDeadlineTest, StopStuckPastItsDeadlineEndsTheProcessAnyway) {
  StartServer({{"DB_QUERY_TIMEOUT_MS", "3600000"},
               {"SHUTDOWN_TIMEOUT_MS", "1000"},
               {"DB_ACQUIRE_TIMEOUT_MS", "60000"}});
  std::vector<Answer> answers(2);
  auto clients = StallWithRequestsInFlight(answers);
  std::this_thread::sleep_for(1s);
  const auto term = Clock::now();
  proc_->Signal(SIGTERM);
  const int code = proc_->Wait(30s);
  const auto stop = Clock::now() - term;
  for (auto& t : clients) t.join();
  EXPECT_EQ(code, 1) << proc_->Stdout() << proc_->Stderr();
  EXPECT_GT(stop, 1s + 4s);
  EXPECT_LT(stop, 1s + 5s + 3s) << "SIGTERM took " << Seconds(stop) << " s";
  EXPECT_NE(proc_->Stdout().find("\"event\":\"server.stop_forced\""), std::string::npos)
      << proc_->Stdout();
}

}  // namespace
}  // namespace plangate::test

// Bounded memory and connections under abuse: connection caps (total and per peer address), the
// shared budget for request bodies being received, and the minimum body rate. Over real sockets,
// against the real server (the memory test against the real binary, whose RSS it reads).

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "support/auth_helpers.h"
#include "support/test_env.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Under AddressSanitizer (make test-sanitize) freed memory sits in a quarantine and every
// allocation carries shadow memory and redzones: RSS says nothing about the server's own use.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kRssIsMeaningful = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kRssIsMeaningful = false;
#else
constexpr bool kRssIsMeaningful = true;
#endif
#else
constexpr bool kRssIsMeaningful = true;
#endif

// Every held connection is a descriptor here and in the server (which inherits the limit).
void RaiseOpenFileLimit(rlim_t wanted) {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= wanted) return;
  lim.rlim_cur = std::min(wanted, lim.rlim_max);
  ::setrlimit(RLIMIT_NOFILE, &lim);
}

// VmRSS of a process, in KiB.
long RssKib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// The value of one series in a Prometheus exposition (e.g. `name{reason="x"}`), or -1.
double MetricValue(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return -1;
}

std::string BodyHead(std::size_t content_length) {
  return "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
         "Content-Length: " +
         std::to_string(content_length) + "\r\n\r\n";
}

std::string MetricsOver(RawConnection& conn) {
  conn.Write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  auto r = conn.ReadResponse(5s);
  return r && r->status == 200 ? r->body : std::string();
}

// 300 unauthenticated clients each send the headers of a 1 MiB body and all of it but its last
// byte, and hold on. Before the body budget each was held until the read timeout with its body in
// memory: 300 took the server from about 20 to 349 MB. Now the bodies beyond MAX_BODY_MEMORY_BYTES
// (default 64 MiB) get 503 at once, and the server keeps answering probes and users.
TEST(ResourceLimitsTest, HundredsOfHeldLargeBodiesKeepMemoryBoundedAndTheServerAnswering) {
  constexpr int kAttackers = 300;
  RaiseOpenFileLimit(4096);
  TestDatabase db(Engine::kSqlite);
  LoggedIn user;
  {
    TestServer setup(db);
    user = CreateUser(setup, "held@example.com");
  }
  TempDir cwd;
  app::Env env = TestEnv(db);
  env["LOG_LEVEL"] = "info";
  ServerProcess proc({PLANGATE_BINARY, "serve"}, env, cwd.path());
  const std::uint16_t port = proc.WaitForPort();
  ASSERT_NE(port, 0) << proc.Stdout() << proc.Stderr();
  // The server's log lines must not fill the pipe (it would then block on stdout).
  std::atomic<bool> done{false};
  std::thread drain([&] {
    while (!done) {
      proc.Stdout();
      std::this_thread::sleep_for(5ms);
    }
  });
  const int pid = proc.pid();
  const long rss_before = RssKib(pid);

  constexpr std::size_t kDeclared = 1024 * 1024;
  const std::string head = BodyHead(kDeclared);
  const std::string body(kDeclared - 1, 'x');
  std::vector<std::unique_ptr<RawConnection>> attackers;
  for (int i = 0; i < kAttackers; ++i) {
    attackers.push_back(std::make_unique<RawConnection>(port));
    attackers.back()->Write(head + body);  // refused ones may be reset before the end: fine
  }
  std::this_thread::sleep_for(300ms);
  const long rss_held = RssKib(pid);

  HttpClient client(port);
  auto t0 = Clock::now();
  auto health = client.Get("/healthz");
  const auto health_time = Clock::now() - t0;
  t0 = Clock::now();
  auto me = client.Get("/api/v1/auth/me", BearerHeaders(user.access));
  const auto me_time = Clock::now() - t0;
  RawConnection scrape(port);
  const std::string metrics = MetricsOver(scrape);
  const long rss_after = RssKib(pid);

  EXPECT_EQ(health.status, 200);
  EXPECT_LT(health_time, 1s);
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_LT(me_time, 1s);
  // Without the budget: about 320 MiB more. With it (about 87 MiB measured): the 64 MiB budget,
  // the connections' read buffers (64 KiB each) and the allocator's slack.
  const long growth_mib = (std::max(rss_held, rss_after) - rss_before) / 1024;
  if (kRssIsMeaningful) {
    EXPECT_LT(growth_mib, 128) << "RSS " << rss_before << " -> " << rss_held << " -> " << rss_after
                               << " KiB";
  }
  const double reserved = MetricValue(metrics, "plangate_http_body_bytes_reserved");
  EXPECT_GT(reserved, 32.0 * 1024 * 1024) << metrics;  // many bodies are held...
  EXPECT_LE(reserved, 64.0 * 1024 * 1024);             // ...within the budget
  EXPECT_GE(MetricValue(metrics, "plangate_http_body_budget_refusals_total"), kAttackers - 64)
      << metrics;

  attackers.clear();
  done = true;
  drain.join();
  proc.Signal(SIGTERM);
  EXPECT_EQ(proc.Wait(), 0);
}

// MAX_CONNECTIONS and MAX_CONNECTIONS_PER_IP, keyed by the TCP peer (several loopback addresses
// play several clients); TRUSTED_PROXIES peers are not capped per address. A refused connection
// gets 503 SERVICE_UNAVAILABLE with Retry-After, and /metrics counts it by reason.
TEST(ResourceLimitsTest, ConnectionCapsRefuseBeyondTheLimitAndCountIt) {
  TestDatabase db(Engine::kSqlite);
  TestServer server(db, {{"MAX_CONNECTIONS", "14"},
                         {"MAX_CONNECTIONS_PER_IP", "5"},
                         {"TRUSTED_PROXIES", "127.0.0.6"}});
  const std::uint16_t port = server.port();
  auto healthy = [&](RawConnection& conn) {
    conn.Write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    auto r = conn.ReadResponse(5s);
    return r && r->status == 200;
  };
  auto expect_refused = [&](const std::string& from, const std::string& why) {
    RawConnection conn(port, from);
    auto r = conn.ReadResponse(5s);
    ASSERT_TRUE(r) << why << ": no answer";
    EXPECT_EQ(r->status, 503) << why;
    EXPECT_EQ(r->Json().at("code"), "SERVICE_UNAVAILABLE") << why;
    EXPECT_EQ(r->Header("Retry-After"), "1") << why;
    EXPECT_TRUE(conn.WaitClosed(2s)) << why;
  };

  std::vector<std::unique_ptr<RawConnection>> held;
  // A trusted proxy carries many clients: over the per-address cap, still served.
  for (int i = 0; i < 7; ++i) {
    held.push_back(std::make_unique<RawConnection>(port, "127.0.0.6"));
    ASSERT_TRUE(healthy(*held.back())) << "proxy connection " << i;
  }
  for (int i = 0; i < 5; ++i) {
    held.push_back(std::make_unique<RawConnection>(port, "127.0.0.2"));
    ASSERT_TRUE(healthy(*held.back())) << "client connection " << i;
  }
  expect_refused("127.0.0.2", "the sixth from one address");
  // Another address is not held back by the first one's cap.
  auto other = std::make_unique<RawConnection>(port, "127.0.0.3");
  ASSERT_TRUE(healthy(*other));
  held.push_back(std::make_unique<RawConnection>(port, "127.0.0.4"));
  ASSERT_TRUE(healthy(*held.back()));
  // 14 open: the total cap refuses anyone.
  expect_refused("127.0.0.5", "the fifteenth in all");

  const std::string metrics = MetricsOver(*other);
  EXPECT_EQ(MetricValue(metrics, "plangate_http_connections_refused_total{reason=\"per_ip_cap\"}"),
            1)
      << metrics;
  EXPECT_EQ(MetricValue(metrics, "plangate_http_connections_refused_total{reason=\"total_cap\"}"),
            1);
  EXPECT_EQ(MetricValue(metrics, "plangate_http_connections_open"), 14);

  // A closed connection gives its place back.
  held.erase(held.begin() + 7);  // one of 127.0.0.2's
  bool admitted = false;
  for (auto until = Clock::now() + 3s; !admitted && Clock::now() < until;) {
    RawConnection again(port, "127.0.0.2");
    admitted = healthy(again);
    if (!admitted) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(admitted);
}

// A body reserves its declared length from MAX_BODY_MEMORY_BYTES before it is read; one that does
// not fit is answered 503 with Retry-After from its headers, chunked ones as they grow. Small
// bodies are always admitted, so a full budget never blocks a login.
TEST(ResourceLimitsTest, BodiesBeyondTheMemoryBudgetAre503WithRetryAfter) {
  TestDatabase db(Engine::kSqlite);
  TestServer server(db, {{"MAX_BODY_MEMORY_BYTES", std::to_string(1024 * 1024)}});
  const std::uint16_t port = server.port();

  auto holder = std::make_unique<RawConnection>(port);
  holder->Write(BodyHead(900 * 1024) + std::string(1000, 'x'));  // held, not finished
  std::this_thread::sleep_for(100ms);

  RawConnection declared(port);
  declared.Write(BodyHead(200 * 1024));
  auto refused = declared.ReadResponse(5s);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->Json().at("code"), "SERVICE_UNAVAILABLE");
  EXPECT_EQ(refused->Header("Retry-After"), "1");

  RawConnection chunked(port);
  std::string chunks =
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) chunks += "10000\r\n" + std::string(0x10000, 'y') + "\r\n";
  chunked.Write(chunks);
  auto cut = chunked.ReadResponse(5s);
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->status, 503);

  auto login = server.client().PostJson(
      "/api/v1/auth/login", R"({"email":"nobody@example.com","password":"Wrong-Pass-1"})");
  EXPECT_EQ(login.status, 401) << login.body;

  auto metrics = server.client().Get("/metrics").body;
  EXPECT_EQ(MetricValue(metrics, "plangate_http_body_budget_refusals_total"), 2) << metrics;
  EXPECT_GE(MetricValue(metrics, "plangate_http_body_bytes_reserved"), 900 * 1024);

  // The held body's reservation is given back with its connection.
  holder.reset();
  bool back = false;
  for (auto until = Clock::now() + 3s; !back && Clock::now() < until;) {
    metrics = server.client().Get("/metrics").body;
    back = MetricValue(metrics, "plangate_http_body_bytes_reserved") == 0;
    if (!back) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(back) << metrics;
  RawConnection retry(port);
  retry.Write(BodyHead(200 * 1024) + std::string(200 * 1024, 'x'));
  auto served = retry.ReadResponse(5s);
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 400);  // read in full, then refused as JSON
}

// A body that arrives slower than HTTP_MIN_BODY_RATE once its grace period is over is cut off
// with 408, long before the 15 s read timeout; a body that keeps the rate is read.
TEST(ResourceLimitsTest, SlowBodyIsCutOffBelowTheMinimumRate) {
  TestDatabase db(Engine::kSqlite);
  TestServer server(db, {{"HTTP_MIN_BODY_RATE", "1000"}, {"HTTP_BODY_RATE_GRACE_MS", "500"}});
  const std::uint16_t port = server.port();

  RawConnection slow(port);
  const auto started = Clock::now();
  slow.Write(BodyHead(2000) + "{\"email\":");
  std::optional<HttpResponse> cut;
  while (!cut && Clock::now() - started < 10s) {
    slow.Write("x");  // 20 bytes/s
    cut = slow.ReadResponse(50ms);
  }
  const auto elapsed = Clock::now() - started;
  ASSERT_TRUE(cut) << "never cut off";
  EXPECT_EQ(cut->status, 408);
  EXPECT_EQ(cut->Json().at("code"), "REQUEST_TIMEOUT");
  EXPECT_GE(elapsed, 450ms);
  EXPECT_LT(elapsed, 3s);
  EXPECT_TRUE(slow.WaitClosed(2s));

  // 2,000 bytes at about 4,000 bytes/s, past the grace period: read in full.
  RawConnection steady(port);
  steady.Write(BodyHead(2000));
  for (int i = 0; i < 20; ++i) {
    steady.Write(std::string(100, ' '));
    std::this_thread::sleep_for(25ms);
  }
  auto read = steady.ReadResponse(5s);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 400) << read->body;  // blank JSON: read, then refused

  auto metrics = server.client().Get("/metrics").body;
  EXPECT_EQ(MetricValue(metrics, "plangate_http_slow_bodies_total"), 1) << metrics;
}

}  // namespace
}  // namespace plangate::test

// Two serve instances (and a worker) on one PostgreSQL: what must hold across processes.

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <set>
#include <thread>

#include "support/auth_helpers.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

// Two tabs, two instances, one refresh token presented to both at the same moment: both get a
// new token (the reuse grace), and the family stays valid.
TEST(ScaleOutTest, ConcurrentRefreshOfOneTokenOnTwoInstances) {
  TestDatabase db(Engine::kPostgres);
  TestServer a(db, {{"RATE_LIMIT_ENABLED", "false"}});
  TestServer b(db, {{"RATE_LIMIT_ENABLED", "false"}});
  for (int round = 0; round < 5; ++round) {
    auto user = CreateUser(a, "tabs" + std::to_string(round) + "@example.com");
    std::atomic<int> ok{0};
    std::vector<std::string> issued(2);
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
      threads.emplace_back([&, i] {
        auto r = (i ? a : b).client().PostJson("/api/v1/auth/token/refresh", "",
                                               CookieHeaders(user.refresh));
        if (r.status == 200) {
          ++ok;
          issued[i] = RefreshCookieOf(r).value_or("");
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 2) << "round " << round;
    EXPECT_NE(issued[0], issued[1]);
    for (const auto& token : issued) {
      EXPECT_EQ(b.client().PostJson("/api/v1/auth/token/refresh", "", CookieHeaders(token)).status,
                200);
    }
  }
  EXPECT_TRUE(a.logs().Events("auth.refresh.reuse_detected").empty());
  EXPECT_TRUE(b.logs().Events("auth.refresh.reuse_detected").empty());
}

// In-process delivery in one instance and `plangate worker` at the same time: every queued email
// is delivered, none twice.
TEST(ScaleOutTest, WorkerAndInProcessDeliveryNeverSendTwice) {
  TestDatabase db(Engine::kPostgres);
  SmtpSink sink;
  app::Env env = SmtpEnv(sink);
  env["EMAIL_POLL_INTERVAL_MS"] = "20";
  TestServer server(db, env);
  TempDir cwd;
  app::Env worker_env = env;
  worker_env["DATABASE_URL"] = db.url();
  ServerProcess worker({PLANGATE_BINARY, "worker"}, worker_env, cwd.path());
  const int kMails = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kMails; i += 4) {
        server.client().PostJson("/api/v1/auth/register",
                                 JsonString({{"email", "m" + std::to_string(i) + "@example.com"},
                                             {"password", "Sturdy-Test-Pass-42"}}));
      }
    });
  }
  for (auto& t : threads) t.join();
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (sink.Messages().size() < static_cast<std::size_t>(kMails) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  std::this_thread::sleep_for(1s);  // anything sent twice would have arrived by now
  std::multiset<std::string> recipients;
  for (const auto& m : sink.Messages()) recipients.insert(m.to.front());
  EXPECT_EQ(recipients.size(), static_cast<std::size_t>(kMails));
  for (int i = 0; i < kMails; ++i) {
    EXPECT_EQ(recipients.count("m" + std::to_string(i) + "@example.com"), 1u) << i;
  }
  worker.Signal(SIGTERM);
  EXPECT_EQ(worker.Wait(), 0);
  // Who delivered what is up to the race; that the counts add up to one each is the point.
  std::size_t by_worker = 0;
  for (std::size_t pos = 0;
       (pos = worker.Stdout().find("\"email.sent\"", pos)) != std::string::npos; ++pos) {
    ++by_worker;
  }
  EXPECT_EQ(server.logs().Events("email.sent").size() + by_worker,
            static_cast<std::size_t>(kMails));
}

}  // namespace
}  // namespace plangate::test

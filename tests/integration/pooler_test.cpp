// PostgreSQL behind PgBouncer in transaction pooling mode (pg-test.sh starts it): a server
// session belongs to a client for one transaction only, so nothing named may outlive one.

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "db/database.h"
#include "db/migrate.h"
#include "support/auth_helpers.h"
#include "users/users_repo.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

// The load that failed on main with `prepared statement "st_1" already exists` (866 of 2,880
// calls answered 500): twelve clients reading themselves, listing and creating apps, and an admin
// searching, through four server connections.
TEST(PoolerTest, TwelveClientsThroughTransactionPoolingNeverFail) {
  TestDatabase db(Engine::kPostgres);
  TestServer server(PoolerUrl(db.name()),
                    {{"DATABASE_POOLER", "transaction"}, {"RATE_LIMIT_ENABLED", "false"}});
  constexpr int kClients = 12, kRounds = 20;
  std::vector<LoggedIn> users;
  for (int i = 0; i < kClients; ++i) {
    users.push_back(CreateUser(server, "pooled" + std::to_string(i) + "@example.com"));
  }
  ExecSql(server, "UPDATE users SET app_limit_override = 1000");
  ExecSql(server, "UPDATE users SET is_staff = 1 WHERE email = 'pooled0@example.com'");

  std::mutex mu;
  std::map<std::string, int> unexpected;  // "<call> <status>" -> count
  std::atomic<int> calls{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      const Headers auth = BearerHeaders(users[i].access);
      auto expect = [&](const char* call, int status, int want) {
        ++calls;
        if (status == want) return;
        std::lock_guard lock(mu);
        ++unexpected[std::string(call) + " " + std::to_string(status)];
      };
      for (int round = 0; round < kRounds; ++round) {
        expect("me", server.client().Get("/api/v1/auth/me", auth).status, 200);
        expect("list", server.client().Get("/api/v1/apps?page_size=5", auth).status, 200);
        const std::string name = "app " + std::to_string(i) + "-" + std::to_string(round);
        expect("create",
               server.client().PostJson("/api/v1/apps", JsonString({{"name", name}}), auth).status,
               201);
        if (i == 0) {
          expect("search", server.client().Get("/api/v1/admin/users?search=pooled", auth).status,
                 200);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(unexpected.empty()) << [&] {
    std::string all;
    for (const auto& [k, n] : unexpected) all += k + " x" + std::to_string(n) + "; ";
    return all;
  }();
  EXPECT_EQ(calls.load(), kClients * kRounds * 3 + kRounds);
  // Every app was written once, none lost.
  auto list = server.client().Get("/api/v1/apps?page_size=1", BearerHeaders(users[3].access));
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json().at("count").as_int64(), kRounds);
  EXPECT_EQ(server.logs().Events("http.unhandled_exception").size(), 0u);
}

// Without DATABASE_POOLER, the first statement name that a pooled server session already knows
// gives the pooler away: that call answers 503 (the statement never ran), and from then on no
// connection names a statement.
TEST(PoolerTest, AStatementNameClashTurnsNamedStatementsOff) {
  TestDatabase created(Engine::kPostgres);
  db::Database db(db::ParseDatabaseUrl(PoolerUrl(created.name())), 2, 2000ms);
  db::Migrate(db);
  ASSERT_TRUE(db.keeps_statements());
  db.Run([&](soci::session& first) {
    // "st_1" on the server session that PgBouncer lends to each statement in turn (the most
    // recently used one), then the same name from the pool's second connection.
    EXPECT_FALSE(users::FindViewById(first, 1).has_value());
    EXPECT_THROW(db.Run([](soci::session& second) { users::FindViewById(second, 1); }),
                 db::Unavailable);
  });
  EXPECT_FALSE(db.keeps_statements());
  for (int i = 0; i < 20; ++i) {
    db.Run([&](soci::session& a) {
      EXPECT_FALSE(users::FindViewById(a, 1).has_value());
      db.Run([](soci::session& b) { EXPECT_FALSE(users::FindViewById(b, 1).has_value()); });
    });
  }
}

}  // namespace
}  // namespace plangate::test

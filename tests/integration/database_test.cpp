#include <gtest/gtest.h>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <memory>
#include <optional>
#include <thread>

#include "db/database.h"
#include "db/dialect.h"
#include "db/migrate.h"
#include "db/migrations_data.h"
#include "db/prepared.h"
#include "support/test_env.h"
#include "users/users_repo.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kTables[] = {
    "users",         "refresh_sessions", "email_tokens", "apps",         "app_members",
    "subscriptions", "webhook_events",   "rate_limits",  "email_outbox", "schema_migrations"};

class DatabaseTest : public ::testing::TestWithParam<Engine> {
 protected:
  db::Database Open(std::size_t pool = 4) {
    return db::Database(db::ParseDatabaseUrl(tdb_.url()), pool, 2000ms);
  }
  TestDatabase tdb_{GetParam()};
};

TEST_P(DatabaseTest, MigrationsApplyOnceThenAreANoOp) {
  db::Database db = Open();
  auto first = db::Migrate(db);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first.front().version, 1);
  EXPECT_EQ(first.front().name, "init");
  EXPECT_TRUE(db::Migrate(db).empty());
  db.Run([](soci::session& s) {
    for (const char* table : kTables) {
      int n = -1;
      s << "SELECT COUNT(*) FROM " << table, soci::into(n);
      EXPECT_GE(n, 0) << table;
    }
    int recorded = 0;
    s << "SELECT COUNT(*) FROM schema_migrations", soci::into(recorded);
    EXPECT_GE(recorded, 1);
  });
}

// Migration 0004 copies each app's created_at onto its memberships; rows written before it must
// come out of the upgrade with the copy filled in, in the order GET /apps reads them.
TEST_P(DatabaseTest, MemberAppOrderMigrationFillsExistingRows) {
  db::Database db = Open();
  const std::string_view engine = GetParam() == Engine::kPostgres ? "postgres" : "sqlite";
  db.Transaction([&](soci::session& s) {
    s << "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
         "applied_at BIGINT NOT NULL)";
    for (const auto& m : db::EmbeddedMigrations()) {
      if (m.engine != engine || m.version > 3) continue;
      for (const auto& statement : db::SplitSqlStatements(m.sql)) s << statement;
      s << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (" << m.version
        << ", 'before', 0)";
    }
    s << "INSERT INTO users (id, email, password_hash, user_type, date_joined, updated_at) "
         "VALUES (1, 'a@example.com', 'x', 'basic', 0, 0), (2, 'b@example.com', 'x', 'basic', 0, "
         "0)";
    s << "INSERT INTO apps (id, owner_id, name, created_at, updated_at) "
         "VALUES (10, 1, 'older', 1000, 1000), (11, 2, 'newer', 2000, 2000)";
    s << "INSERT INTO app_members (app_id, user_id, role, added_at) "
         "VALUES (10, 1, 'owner', 1000), (11, 2, 'owner', 2000), (10, 2, 'viewer', 3000)";
  });
  auto applied = db::Migrate(db);
  ASSERT_FALSE(applied.empty());
  EXPECT_EQ(applied.front().version, 4);
  db.Run([](soci::session& s) {
    std::vector<std::string> rows;
    long long app = 0, user = 0, created = 0;
    soci::statement st = (s.prepare << "SELECT app_id, user_id, app_created_at FROM app_members "
                                       "ORDER BY user_id, app_created_at DESC",
                          soci::into(app), soci::into(user), soci::into(created));
    st.execute();
    while (st.fetch()) {
      rows.push_back(std::to_string(user) + ":" + std::to_string(app) + "@" +
                     std::to_string(created));
    }
    EXPECT_EQ(rows, (std::vector<std::string>{"1:10@1000", "2:11@2000", "2:10@1000"}));
  });
  if (GetParam() != Engine::kPostgres) return;
  // During a rolling deploy the previous release still inserts memberships without the copy;
  // PostgreSQL fills it in (a copy that is given is kept as given).
  db.Run([](soci::session& s) {
    long long copy = 0;
    auto read_copy = [&] {
      s << "SELECT app_created_at FROM app_members WHERE app_id = 11 AND user_id = 1",
          soci::into(copy);
      return copy;
    };
    s << "INSERT INTO app_members (app_id, user_id, role, added_at) VALUES (11, 1, 'viewer', 4000)";
    EXPECT_EQ(read_copy(), 2000);
    s << "DELETE FROM app_members WHERE app_id = 11 AND user_id = 1";
    s << "INSERT INTO app_members (app_id, user_id, role, added_at, app_created_at) "
         "VALUES (11, 1, 'viewer', 4000, 1234)";
    EXPECT_EQ(read_copy(), 1234);
  });
}

TEST_P(DatabaseTest, UniqueViolationIsRecognisedOnEitherEngine) {
  db::Database db = Open();
  db::Migrate(db);
  auto insert = [&](const std::string& email) {
    db.Run([&](soci::session& s) {
      s << "INSERT INTO users (email, password_hash, date_joined, updated_at) "
           "VALUES (:e, 'x', 0, 0)",
          soci::use(email);
    });
  };
  insert("a@example.com");
  try {
    insert("a@example.com");
    ADD_FAILURE() << "duplicate email accepted";
  } catch (const std::exception& e) {
    EXPECT_TRUE(db::IsUniqueViolation(e)) << e.what();
  }
  try {
    db.Run([](soci::session& s) { s << "SELECT nope FROM users"; });
    ADD_FAILURE();
  } catch (const db::Unavailable&) {
    ADD_FAILURE() << "a bad query is not an outage";
  } catch (const std::exception& e) {
    EXPECT_FALSE(db::IsUniqueViolation(e));
  }
}

// Services ask for a row lock; the session's engine decides the SQL. On PostgreSQL the lock is
// real (a second locker cannot take the row); SQLite's write transaction already serialises
// writers, so the clause is empty there and the statement still runs.
TEST_P(DatabaseTest, RowLocksAreTakenOnPostgresAndLeftToTheWriteLockOnSqlite) {
  db::Database db = Open();
  db::Migrate(db);
  const bool postgres = GetParam() == Engine::kPostgres;
  db.Run([&](soci::session& s) {
    s << "INSERT INTO users (email, password_hash, date_joined, updated_at) "
         "VALUES ('lock@example.com', 'x', 0, 0)";
    EXPECT_EQ(db::IsPostgres(s), postgres);
    EXPECT_EQ(db::LockClause(s, db::RowLock::kNone), "");
    EXPECT_EQ(db::LockClause(s, db::RowLock::kForUpdate), postgres ? " FOR UPDATE" : "");
    EXPECT_EQ(db::LockClause(s, db::RowLock::kForNoKeyUpdate),
              postgres ? " FOR NO KEY UPDATE" : "");
  });
  const std::int64_t id = db.Run([](soci::session& s) {
    long long v = 0;
    s << "SELECT id FROM users WHERE email = 'lock@example.com'", soci::into(v);
    return static_cast<std::int64_t>(v);
  });
  db.Transaction([&](soci::session& s) {
    auto user = users::FindByIdForUpdate(s, id);
    ASSERT_TRUE(user.has_value());
    EXPECT_EQ(user->email, "lock@example.com");
    if (!postgres) return;
    // Another connection, while this transaction holds the row.
    soci::session other(soci::postgresql, db.url().postgres_conninfo);
    long long key = id;
    EXPECT_THROW((other << "SELECT id FROM users WHERE id = :id FOR UPDATE NOWAIT", soci::use(key)),
                 std::exception);
  });
}

// A read transaction (TxMode::kRead) reads one snapshot: a row another connection commits
// meanwhile is not seen until the next transaction (a page and its count agree). On PostgreSQL it
// is also READ ONLY.
TEST_P(DatabaseTest, ReadTransactionsSeeOneSnapshot) {
  db::Database db = Open();
  db::Migrate(db);
  const bool postgres = GetParam() == Engine::kPostgres;
  auto count = [](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM users", soci::into(n);
    return n;
  };
  db.Transaction(
      [&](soci::session& s) {
        const long long first = count(s);
        auto other =
            postgres ? std::make_unique<soci::session>(soci::postgresql, db.url().postgres_conninfo)
                     : std::make_unique<soci::session>(
                           soci::sqlite3, "db=\"" + db.url().sqlite_path + "\" timeout=10");
        *other << "INSERT INTO users (email, password_hash, date_joined, updated_at) "
                  "VALUES ('meanwhile@example.com', 'x', 0, 0)";
        EXPECT_EQ(count(s), first);
      },
      db::TxMode::kRead);
  EXPECT_EQ(db.Run(count), 1);
  if (postgres) {
    EXPECT_THROW(db.Transaction([](soci::session& s) { s << "UPDATE users SET updated_at = 1"; },
                                db::TxMode::kRead),
                 std::exception);
  }
}

TEST_P(DatabaseTest, TransactionRollsBackWhenTheBodyThrows) {
  db::Database db = Open();
  db::Migrate(db);
  EXPECT_THROW(db.Transaction([](soci::session& s) {
    s << "INSERT INTO users (email, password_hash, date_joined, updated_at) "
         "VALUES ('r@example.com', 'x', 0, 0)";
    throw std::runtime_error("half way");
  }),
               std::runtime_error);
  int n = -1;
  db.Run([&](soci::session& s) { s << "SELECT COUNT(*) FROM users", soci::into(n); });
  EXPECT_EQ(n, 0);
  int id = db.Transaction([](soci::session& s) {
    s << "INSERT INTO users (email, password_hash, date_joined, updated_at) "
         "VALUES ('c@example.com', 'x', 0, 0)";
    long long got = 0;
    s << "SELECT id FROM users WHERE email = 'c@example.com'", soci::into(got);
    return static_cast<int>(got);
  });
  EXPECT_GT(id, 0);
}

TEST_P(DatabaseTest, ConcurrentWritersAllCommit) {
  db::Database db = Open(4);
  db::Migrate(db);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        try {
          std::string email = "w" + std::to_string(t) + "_" + std::to_string(i) + "@example.com";
          db.Transaction([&](soci::session& s) {
            s << "INSERT INTO users (email, password_hash, date_joined, updated_at) "
                 "VALUES (:e, 'x', 0, 0)",
                soci::use(email);
          });
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  int n = 0;
  db.Run([&](soci::session& s) { s << "SELECT COUNT(*) FROM users", soci::into(n); });
  EXPECT_EQ(n, 80);
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest, kEngines, EngineName);

TEST(DatabaseOutage, UnreachableServerIsUnavailableQuickly) {
  db::Database db(db::ParseDatabaseUrl("postgres://postgres@127.0.0.1:1/none"), 2, 1000ms);
  auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(db.Ping(), db::Unavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(DatabaseOutage, PoolReconnectsAfterARestart) {
  OwnPostgres pg;
  db::Database db(db::ParseDatabaseUrl(pg.admin_url()), 2, 1000ms);
  EXPECT_NO_THROW(db.Ping());
  pg.Stop();
  EXPECT_THROW(db.Ping(), db::Unavailable);
  pg.Start();
  EXPECT_NO_THROW(db.Ping());
  EXPECT_NO_THROW(db.Ping());
}

TEST(ConcurrentMigrate, ManyProcessesMigrateOnePostgresSafely) {
  TestDatabase tdb(Engine::kPostgres);
  std::vector<std::unique_ptr<ServerProcess>> procs;
  TempDir cwd;
  for (int i = 0; i < 4; ++i) {
    procs.push_back(
        std::make_unique<ServerProcess>(std::vector<std::string>{PLANGATE_BINARY, "migrate"},
                                        app::Env{{"DATABASE_URL", tdb.url()}}, cwd.path()));
  }
  for (auto& p : procs) EXPECT_EQ(p->Wait(60s), 0) << p->Stdout() << p->Stderr();
  db::Database db(db::ParseDatabaseUrl(tdb.url()), 1, 1000ms);
  int rows = 0;
  db.Run(
      [&](soci::session& s) { s << "SELECT COUNT(*) FROM schema_migrations", soci::into(rows); });
  int expected = 0;
  for (const auto& m : db::EmbeddedMigrations()) expected += m.engine == "postgres";
  EXPECT_EQ(rows, expected);
}

// A prepared statement whose execute failed must not leak that call's values into the next one:
// SOCI 4.0 keeps a failed call's parameter buffers and sends them again for a parameter later
// bound as NULL, so db::WithPrepared drops such a statement.
TEST(PreparedStatementTest, AFailedExecuteLeavesNoStaleParameters) {
  TestDatabase tdb(Engine::kPostgres);
  db::Database db(db::ParseDatabaseUrl(tdb.url()), 1, 2000ms);  // one connection: one cache
  db.Run([](soci::session& s) { s << "CREATE TABLE notes (id INT PRIMARY KEY, note TEXT)"; });
  struct Insert {
    int id = 0;
    std::string note;
    soci::indicator ind = soci::i_null;
    soci::statement st;
    Insert(soci::session& s, db::Reuse reuse)
        : st((db::Query(s, "INSERT INTO notes (id, note) VALUES (:id, :note)"), soci::use(id),
              soci::use(note, ind))
                 .Build(reuse)) {}
  };
  auto insert = [&](int id, std::optional<std::string> note) {
    db.Run([&](soci::session& s) {
      db::WithPrepared<Insert>(s, [&](Insert& q) {
        q.id = id;
        q.note = note.value_or("");
        q.ind = note ? soci::i_ok : soci::i_null;
        q.st.execute(true);
      });
    });
  };
  insert(1, "first");
  EXPECT_ANY_THROW(insert(1, "stale"));  // a duplicate key, after "stale" was bound
  insert(2, std::nullopt);
  insert(3, std::nullopt);
  std::string note;
  soci::indicator ind = soci::i_ok;
  for (int id : {2, 3}) {
    db.Run([&](soci::session& s) {
      s << "SELECT note FROM notes WHERE id = :id", soci::into(note, ind), soci::use(id);
    });
    EXPECT_EQ(ind, soci::i_null) << "row " << id << " got " << note;
  }
}

}  // namespace
}  // namespace plangate::test

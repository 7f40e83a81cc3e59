// db::PgPipeline on its own (many queries in flight on one connection, failures isolated, a lost
// connection healed), and the caller reads the server makes through it.

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <thread>

#include "db/database.h"
#include "db/pg_pipeline.h"
#include "db/url.h"
#include "support/auth_helpers.h"
#include "support/test_env.h"

namespace plangate::test {
namespace {

using namespace std::chrono_literals;

struct Answer {
  bool answered = false;
  bool has_row = false;
  bool is_null = false;
  std::string first;
};

void TerminatePipelineBackends(const std::string& database_url) {
  db::Database admin(db::ParseDatabaseUrl(database_url), 1, 5s);
  admin.Run([](soci::session& s) {
    s << "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
         "WHERE application_name = 'plangate-pipeline' AND datname = current_database()";
  });
}

class PgPipelineTest : public ::testing::Test {
 protected:
  bool RunUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      io_.restart();
      io_.run_for(5ms);
    }
    return true;
  }

  // Sends one query; its answer lands in answers_ (in the order answers arrive).
  bool Send(db::PgPipeline& pg, const db::PgStatement& statement, std::string_view param) {
    inside_query_ = true;
    const bool sent = pg.Query(statement, {param}, [this](const db::PgResult* result) {
      EXPECT_FALSE(inside_query_) << "called back from inside Query()";
      Answer a{result != nullptr, result && result->rows() > 0};
      if (a.has_row) {
        a.is_null = result->row(0).IsNull(0);
        a.first = result->row(0).Text(0);
      }
      answers_.push_back(a);
    });
    inside_query_ = false;
    return sent;
  }

  TestDatabase db_{Engine::kPostgres};
  std::string conninfo_ = db::ParseDatabaseUrl(db_.url()).postgres_conninfo;
  boost::asio::io_context io_;
  std::vector<Answer> answers_;
  bool inside_query_ = false;
};

TEST_F(PgPipelineTest, AnswersManyQueriesInFlightInOrder) {
  db::PgStatement twice{"test_twice", "SELECT $1::bigint * 2", 1};
  db::PgPipeline pg(io_, conninfo_);
  ASSERT_TRUE(RunUntil([&] { return pg.ready(); }));
  // All sent before any answer is read: they are in flight together on the one connection.
  for (int i = 1; i <= 300; ++i) ASSERT_TRUE(Send(pg, twice, std::to_string(i)));
  ASSERT_TRUE(RunUntil([&] { return answers_.size() == 300; }));
  for (int i = 1; i <= 300; ++i) {
    ASSERT_TRUE(answers_[i - 1].answered);
    ASSERT_TRUE(answers_[i - 1].has_row);
    EXPECT_EQ(answers_[i - 1].first, std::to_string(2 * i));
  }
}

// So many queries at once that the socket buffers fill both ways: libpq then reads answers
// while it sends, and has to be flushed when the socket can take more. Nothing may be lost.
TEST_F(PgPipelineTest, AnswersEvenWhenTheSocketBuffersFillUp) {
  db::PgStatement twice{"test_twice", "SELECT $1::bigint * 2", 1};
  // 300,000 queries in one batch: under a sanitizer on a busy machine the last answers came more
  // than the default 2 s after the batch left, and the watchdog (tested on its own below) broke
  // the connection. This test is about full socket buffers, not the watchdog.
  db::PgPipeline pg(io_, conninfo_, std::chrono::seconds(60));
  ASSERT_TRUE(RunUntil([&] { return pg.ready(); }));
  constexpr int kQueries = 300000;
  for (int i = 1; i <= kQueries; ++i) ASSERT_TRUE(Send(pg, twice, std::to_string(i)));
  ASSERT_TRUE(RunUntil([&] { return answers_.size() == kQueries; }, 60s)) << answers_.size();
  for (int i = 1; i <= kQueries; ++i) {
    ASSERT_TRUE(answers_[i - 1].answered) << i;
    ASSERT_EQ(answers_[i - 1].first, std::to_string(2 * i));
  }
  EXPECT_TRUE(pg.ready());
}

// While a batch is out, queries given in later turns of the loop wait, then leave together as the
// next batch, closed by one sync: they run in one implicit transaction (one transaction id) and
// are answered, in order, once the first batch is in.
TEST_F(PgPipelineTest, QueriesGivenWhileABatchIsOutLeaveTogether) {
  db::PgStatement txid{
      "test_txid", "WITH s AS (SELECT pg_sleep($1::float8)) SELECT txid_current()::text FROM s", 1};
  db::PgPipeline pg(io_, conninfo_);
  ASSERT_TRUE(RunUntil([&] { return pg.ready(); }));
  ASSERT_TRUE(Send(pg, txid, "0.3"));
  io_.restart();
  io_.run_for(20ms);  // the first batch is out; the server sleeps on it
  ASSERT_TRUE(answers_.empty());
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(Send(pg, txid, "0"));
    io_.restart();
    io_.run_for(2ms);
  }
  ASSERT_TRUE(RunUntil([&] { return answers_.size() == 11; }));
  for (const Answer& a : answers_) ASSERT_TRUE(a.answered && a.has_row);
  for (int i = 2; i <= 10; ++i) EXPECT_EQ(answers_[i].first, answers_[1].first) << i;
  EXPECT_NE(answers_[1].first, answers_[0].first);

  // Nothing out: a query leaves at once, in a batch of its own.
  ASSERT_TRUE(Send(pg, txid, "0"));
  ASSERT_TRUE(RunUntil([&] { return answers_.size() == 12; }, 1s));
  EXPECT_NE(answers_[11].first, answers_[1].first);
}

// Queries sent in one turn of the loop form one batch: a failed one is not answered, nor are
// those after it in its batch (their requests go to the pool); those before it are, and the next
// batch is served on the same connection.
TEST_F(PgPipelineTest, AFailedQueryCostsOnlyTheRestOfItsBatch) {
  db::PgStatement divide{"test_divide", "SELECT 10 / $1::int", 1};
  db::PgPipeline pg(io_, conninfo_);
  ASSERT_TRUE(RunUntil([&] { return pg.ready(); }));
  ASSERT_TRUE(Send(pg, divide, "5"));
  ASSERT_TRUE(Send(pg, divide, "0"));  // division by zero
  ASSERT_TRUE(Send(pg, divide, "2"));
  ASSERT_TRUE(RunUntil([&] { return answers_.size() == 3; }));
  EXPECT_TRUE(answers_[0].answered);
  EXPECT_EQ(answers_[0].first, "2");
  EXPECT_FALSE(answers_[1].answered);
  EXPECT_FALSE(answers_[2].answered);
  ASSERT_TRUE(pg.ready()) << "a failed query must not cost the connection";

  ASSERT_TRUE(Send(pg, divide, "not a number"));
  ASSERT_TRUE(RunUntil([&] { return answers_.size() == 4; }));
  EXPECT_FALSE(answers_[3].answered);
  ASSERT_TRUE(Send(pg, divide, "2"));
  ASSERT_TRUE(Send(pg, divide, "1"));
  ASSERT_TRUE(RunUntil([&] { return answers_.size() == 6; }));
  EXPECT_EQ(answers_[4].first, "5");
  EXPECT_EQ(answers_[5].first, "10");
  EXPECT_TRUE(pg.ready());

  // A statement first used behind a failure: its Prepare is aborted too, and is sent again.
  db::PgStatement twice{"test_twice", "SELECT $1::bigint * 2", 1};
  ASSERT_TRUE(Send(pg, divide, "0"));
  ASSERT_TRUE(Send(pg, twice, "1"));
  ASSERT_TRUE(RunUntil([&] { return answers_.size() == 8; }));
  EXPECT_FALSE(answers_[7].answered);
  ASSERT_TRUE(pg.ready());
  ASSERT_TRUE(Send(pg, twice, "2"));
  ASSERT_TRUE(RunUntil([&] { return answers_.size() == 9; }));
  EXPECT_TRUE(answers_[8].answered);
  EXPECT_EQ(answers_[8].first, "4");
}

TEST_F(PgPipelineTest, NoRowAndNullAreAnswers) {
  db::PgStatement lookup{"test_lookup", "SELECT NULLIF($1::int, 0) WHERE $1::int >= 0", 1};
  db::PgPipeline pg(io_, conninfo_);
  ASSERT_TRUE(RunUntil([&] { return pg.ready(); }));
  ASSERT_TRUE(Send(pg, lookup, "-1"));
  ASSERT_TRUE(Send(pg, lookup, "0"));
  ASSERT_TRUE(Send(pg, lookup, "7"));
  ASSERT_TRUE(RunUntil([&] { return answers_.size() == 3; }));
  EXPECT_TRUE(answers_[0].answered);
  EXPECT_FALSE(answers_[0].has_row);
  EXPECT_TRUE(answers_[1].has_row);
  EXPECT_TRUE(answers_[1].is_null);
  EXPECT_FALSE(answers_[2].is_null);
  EXPECT_EQ(answers_[2].first, "7");
}

TEST_F(PgPipelineTest, HealsAfterItsBackendIsKilled) {
  db::PgStatement twice{"test_twice", "SELECT $1::bigint * 2", 1};
  db::PgPipeline pg(io_, conninfo_);
  ASSERT_TRUE(RunUntil([&] { return pg.ready(); }));
  ASSERT_TRUE(Send(pg, twice, "1"));
  ASSERT_TRUE(RunUntil([&] { return answers_.size() == 1; }));

  TerminatePipelineBackends(db_.url());
  // Every accepted query is called back exactly once, answered or not; within a few seconds the
  // pipeline answers again (it reconnects at most once a second).
  std::size_t sent = 0;
  bool healed = false;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!healed && std::chrono::steady_clock::now() < deadline) {
    const std::size_t before = answers_.size();
    if (Send(pg, twice, "21")) {
      ++sent;
      ASSERT_TRUE(RunUntil([&] { return answers_.size() == before + 1; }));
      healed = answers_.back().answered && answers_.back().first == "42";
    } else {
      RunUntil([] { return false; }, 50ms);
    }
  }
  EXPECT_TRUE(healed);
  EXPECT_EQ(answers_.size(), sent + 1);
}

// A query that hangs (a stuck backend, a half-open connection) gives up its connection, so that
// its requests go to the pool instead of waiting on TCP.
TEST_F(PgPipelineTest, AQueryThatHangsIsNotWaitedOnForLong) {
  db::PgStatement sleep{"test_sleep", "SELECT pg_sleep($1::float8)::text", 1};
  db::PgStatement twice{"test_twice", "SELECT $1::bigint * 2", 1};
  db::PgPipeline pg(io_, conninfo_);
  ASSERT_TRUE(RunUntil([&] { return pg.ready(); }));
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(Send(pg, sleep, "4"));
  ASSERT_TRUE(Send(pg, twice, "1"));  // queued behind it
  ASSERT_TRUE(RunUntil([&] { return answers_.size() == 2; }, 10s));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_FALSE(answers_[0].answered);
  EXPECT_FALSE(answers_[1].answered);
  EXPECT_FALSE(pg.ready());
}

TEST_F(PgPipelineTest, DeclinesWhenTheServerCannotBeReached) {
  db::PgStatement twice{"test_twice", "SELECT $1::bigint * 2", 1};
  // A port nobody listens on.
  db::PgPipeline pg(io_, "postgresql://plangate@127.0.0.1:1/none?connect_timeout=2");
  RunUntil([] { return false; }, 200ms);
  EXPECT_FALSE(pg.ready());
  EXPECT_FALSE(Send(pg, twice, "1"));
  RunUntil([] { return false; }, 100ms);
  EXPECT_TRUE(answers_.empty());
}

std::int64_t CallerReads(TestServer& server, std::string_view path) {
  const std::string text = server.app().metrics().Render({});
  const std::string key =
      "plangate_events_total{event=\"auth.caller_read\",label=\"" + std::string(path) + "\"} ";
  auto at = text.find(key);
  return at == std::string::npos ? 0 : std::stoll(text.substr(at + key.size()));
}

// Waits until the caller's row came through the pipeline on several requests in a row, so
// that every I/O thread's connection is up (connections go to the threads in turn).
bool PipelineWarm(TestServer& server, const LoggedIn& user) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  int in_a_row = 0;
  while (in_a_row < 6 && std::chrono::steady_clock::now() < deadline) {
    const std::int64_t before = CallerReads(server, "pipelined");
    EXPECT_EQ(server.client().Get("/api/v1/auth/me", BearerHeaders(user.access)).status, 200);
    if (CallerReads(server, "pipelined") > before) {
      ++in_a_row;
    } else {
      in_a_row = 0;
      std::this_thread::sleep_for(20ms);
    }
  }
  return in_a_row >= 6;
}

TEST(CallerReadTest, OnPostgresTheCallerIsReadThroughThePipeline) {
  TestDatabase db(Engine::kPostgres);
  TestServer server(db);
  LoggedIn user = CreateUser(server, "piped@example.com");
  ASSERT_TRUE(PipelineWarm(server, user));

  const std::int64_t piped = CallerReads(server, "pipelined");
  const std::int64_t pooled = CallerReads(server, "pool");
  for (int i = 0; i < 20; ++i) {
    auto r = server.client().Get("/api/v1/auth/me", BearerHeaders(user.access));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.Json().at("email").as_string(), "piped@example.com");
  }
  auto apps = server.client().Get("/api/v1/apps", BearerHeaders(user.access));
  EXPECT_EQ(apps.status, 200);
  EXPECT_EQ(CallerReads(server, "pipelined"), piped + 21);
  EXPECT_EQ(CallerReads(server, "pool"), pooled);

  // The rules hold on this road too: staff routes need staff, a disabled user is refused at
  // once, a deleted one is not found.
  auto staff_only = server.client().Get("/api/v1/admin/users", BearerHeaders(user.access));
  EXPECT_EQ(staff_only.status, 403);
  EXPECT_EQ(staff_only.Json().at("code").as_string(), "PERMISSION_DENIED");
  ExecSql(server,
          "UPDATE users SET is_disabled_by_admin = 1 WHERE id = " + std::to_string(user.user_id));
  auto disabled = server.client().Get("/api/v1/auth/me", BearerHeaders(user.access));
  EXPECT_EQ(disabled.status, 403);
  EXPECT_EQ(disabled.Json().at("code").as_string(), "ACCOUNT_DISABLED");
  ExecSql(server, "DELETE FROM users WHERE id = " + std::to_string(user.user_id));
  auto gone = server.client().Get("/api/v1/auth/me", BearerHeaders(user.access));
  EXPECT_EQ(gone.status, 401);
  EXPECT_EQ(gone.Json().at("code").as_string(), "NOT_AUTHENTICATED");
  EXPECT_EQ(CallerReads(server, "pipelined"), piped + 24);
}

// With the caller (and, for GET /apps, the page) read ahead, these routes need no worker: they
// are answered while the only worker is held by another request.
TEST(CallerReadTest, ReadAheadRoutesAreAnsweredWhileEveryWorkerIsBusy) {
  TestDatabase db(Engine::kPostgres);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> holding;
  std::vector<http::Route> routes;
  routes.push_back(http::Route{http::Method::kGet,
                               "/test/hold",
                               http::AuthRequirement::kNone,
                               http::Execution::kWorkerPool,
                               [&holding, released](http::Context&) {
                                 holding.set_value();
                                 released.wait();
                                 return http::Response::Json(200, "{}");
                               },
                               {}});
  TestServer server(db, {{"WORKER_THREADS", "1"}}, std::move(routes));
  LoggedIn user = CreateUser(server, "busy@example.com");
  for (const char* name : {"first", "second", "third"}) {
    ASSERT_EQ(
        server.client()
            .PostJson("/api/v1/apps", JsonString({{"name", name}}), BearerHeaders(user.access))
            .status,
        201);
  }
  ASSERT_TRUE(PipelineWarm(server, user));

  auto held = std::async(std::launch::async, [&] { return server.client().Get("/test/hold"); });
  holding.get_future().wait();
  auto get = [&](std::string path) {
    return std::async(std::launch::async, [&server, &user, path] {
      return server.client().Get(path, BearerHeaders(user.access));
    });
  };
  auto me = get("/api/v1/auth/me");
  auto apps = get("/api/v1/apps");
  auto second_page = get("/api/v1/apps?page=2&page_size=1");
  const bool answered = me.wait_for(5s) == std::future_status::ready &&
                        apps.wait_for(5s) == std::future_status::ready &&
                        second_page.wait_for(5s) == std::future_status::ready;
  release.set_value();
  ASSERT_TRUE(answered) << "a read-ahead route waited for a worker";
  EXPECT_EQ(held.get().status, 200);

  auto me_r = me.get();
  EXPECT_EQ(me_r.status, 200);
  EXPECT_EQ(me_r.Json().at("app_count").as_int64(), 3);
  auto apps_r = apps.get();
  ASSERT_EQ(apps_r.status, 200) << apps_r.body;
  const boost::json::value listed = apps_r.Json();
  EXPECT_EQ(listed.at("count").as_int64(), 3);
  ASSERT_EQ(listed.at("results").as_array().size(), 3u);
  EXPECT_EQ(listed.at("results").as_array()[0].at("name").as_string(), "third");
  EXPECT_EQ(listed.at("results").as_array()[0].at("role").as_string(), "owner");
  auto page_r = second_page.get();
  ASSERT_EQ(page_r.status, 200) << page_r.body;
  EXPECT_EQ(page_r.Json().at("results").as_array()[0].at("name").as_string(), "second");
  EXPECT_FALSE(page_r.Json().at("next").is_null());

  // What the read ahead does not cover still gets its answer (from a worker).
  auto bad = server.client().Get("/api/v1/apps?page=0", BearerHeaders(user.access));
  EXPECT_EQ(bad.status, 400);
  auto past = server.client().Get("/api/v1/apps?page=9", BearerHeaders(user.access));
  EXPECT_EQ(past.status, 404);
}

TEST(CallerReadTest, OnSqliteTheCallerIsReadFromThePool) {
  TestDatabase db(Engine::kSqlite);
  TestServer server(db);
  LoggedIn user = CreateUser(server, "pooled@example.com");
  const std::int64_t pooled = CallerReads(server, "pool");
  EXPECT_EQ(server.client().Get("/api/v1/auth/me", BearerHeaders(user.access)).status, 200);
  EXPECT_EQ(CallerReads(server, "pool"), pooled + 1);
  EXPECT_EQ(CallerReads(server, "pipelined"), 0);
}

TEST(CallerReadTest, RequestsAreServedWhileThePipelineIsDownAndItComesBack) {
  TestDatabase db(Engine::kPostgres);
  TestServer server(db);
  LoggedIn user = CreateUser(server, "healing@example.com");
  ASSERT_TRUE(PipelineWarm(server, user));

  TerminatePipelineBackends(db.url());
  // Meanwhile the pool answers: never an error.
  for (int i = 0; i < 30; ++i) {
    auto r = server.client().Get("/api/v1/auth/me", BearerHeaders(user.access));
    ASSERT_EQ(r.status, 200) << r.body;
  }
  EXPECT_GT(CallerReads(server, "pool"), 0);
  EXPECT_TRUE(PipelineWarm(server, user)) << "the pipeline did not reconnect";
}

}  // namespace
}  // namespace plangate::test

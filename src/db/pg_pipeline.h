#pragma once
// A non-blocking PostgreSQL connection owned by one I/O thread and driven by that thread's event
// loop. Queries go out in batches on the one connection (libpq's pipeline mode): those given while
// no batch is out leave together at the end of the loop's turn, the rest when that batch's
// answers are in. Each answer is handed back on the same thread. It carries the short
// read that nearly every request starts with (the caller's row), so that read occupies neither a
// worker thread nor a pooled connection, and a handler that needs nothing else can run without
// leaving the I/O thread.
//
// It is only a faster road, never the only one: while it connects, after it broke, or when a
// query fails, Query() declines or answers "not answered", and the caller takes the blocking
// pool, which owns error reporting (503 when the database is down).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace boost::asio {
class io_context;
}
struct pg_result;

namespace plangate::db {

// A statement the pipeline prepares once per connection. Parameters are $1..$n, sent as text.
struct PgStatement {
  std::string name;  // unique among the statements given to one PgPipeline
  std::string sql;
  int params = 1;
};

// One row of a text-format result.
class PgRow {
 public:
  PgRow(const pg_result* result, int row) : result_(result), row_(row) {}
  int columns() const;
  bool IsNull(int column) const;
  std::string_view Text(int column) const;
  // The column as a decimal integer; nullopt when it is NULL or not one.
  std::optional<std::int64_t> Int(int column) const;

 private:
  const pg_result* result_;
  int row_;
};

// A text-format result, valid during the callback that receives it.
class PgResult {
 public:
  explicit PgResult(const pg_result* result) : result_(result) {}
  int rows() const;
  PgRow row(int i) const { return PgRow(result_, i); }

 private:
  const pg_result* result_;
};

// One text parameter of a query: given as text, or an integer written out in place.
class PgParam {
 public:
  PgParam(std::string_view text) : text_(text) {}
  PgParam(std::int64_t value);
  PgParam(const PgParam&) = delete;  // text_ may point into digits_
  PgParam& operator=(const PgParam&) = delete;
  std::string_view text() const { return text_; }

 private:
  char digits_[24];
  std::string_view text_;
};

class PgPipeline {
 public:
  // result: null when the query could not be answered (the caller falls back to the pool).
  // Always called later, from the loop, never from inside Query().
  using Callback = std::function<void(const PgResult* result)>;

  // conninfo: a libpq connection string or URI. Starts connecting at once (the first steps of
  // which, such as resolving the host name, block briefly). A query unanswered after
  // query_timeout breaks the connection (a stuck server or network): its requests go to the pool.
  PgPipeline(boost::asio::io_context& io, std::string conninfo,
             std::chrono::milliseconds query_timeout = std::chrono::milliseconds(2000));
  ~PgPipeline();
  PgPipeline(const PgPipeline&) = delete;
  PgPipeline& operator=(const PgPipeline&) = delete;

  // Sends statement with params (params.size() == statement.params). Returns false, and will
  // not call back, when the connection is not ready now (after it broke, it then reconnects, at
  // most once a second). Call only from the I/O thread that runs io.
  bool Query(const PgStatement& statement, std::initializer_list<PgParam> params, Callback done);

  // For tests and metrics: true once connected, until the connection breaks.
  bool ready() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace plangate::db

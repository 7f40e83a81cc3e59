#pragma once
// The connection pool and the only gateway to a database session. Every unit of database work
// goes through Run or Transaction, which turns a lost connection into db::Unavailable (rendered
// as 503) and heals the pool: connections are opened lazily and re-opened once the server is
// back, so the process starts and keeps running while the database is down.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "db/url.h"

namespace soci {
class session;
}

namespace plangate::db {

class QueryWatchdog;
class StatementCache;
StatementCache* CacheOf(soci::session& s);  // db/prepared.h

// The database cannot be reached (or the pool is exhausted): a 503, never a 500.
class Unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class TxMode {
  kRead,   // reads only, from one snapshot (REPEATABLE READ, READ ONLY on PostgreSQL)
  kWrite,  // BEGIN IMMEDIATE on SQLite, so two writers queue instead of failing to upgrade
};

class Database {
 public:
  // query_timeout (PostgreSQL; zero: none): how long one Run or Transaction may hold its
  // connection. Past it the query is cancelled, the connection dropped, and the call throws
  // Unavailable; inside a transaction the server enforces it too (statement_timeout).
  Database(DatabaseUrl url, std::size_t pool_size, std::chrono::milliseconds acquire_timeout,
           std::chrono::milliseconds query_timeout = std::chrono::milliseconds(0),
           Pooler pooler = Pooler::kNone);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Engine engine() const { return url_.engine; }
  const DatabaseUrl& url() const { return url_; }

  // fn(soci::session&) in autocommit mode.
  template <typename F>
  decltype(auto) Run(F&& fn) {
    Lease lease = Acquire();
    Holding holding(lease);
    try {
      return std::forward<F>(fn)(lease.session());
    } catch (...) {
      lease.Failed();  // rethrows as Unavailable when the connection is gone
      throw;
    }
  }

  // fn(soci::session&) inside one transaction: committed when fn returns, rolled back when it
  // throws.
  template <typename F>
  decltype(auto) Transaction(F&& fn, TxMode mode = TxMode::kWrite) {
    return Run([&](soci::session& s) -> decltype(auto) {
      TxGuard tx(s, engine(), mode);
      if constexpr (std::is_void_v<std::invoke_result_t<F&, soci::session&>>) {
        fn(s);
        tx.Commit();
      } else {
        decltype(auto) result = fn(s);
        tx.Commit();
        return result;
      }
    });
  }

  // True while connections keep named prepared statements (db/prepared.h): PostgreSQL, unless
  // DATABASE_POOLER=transaction was set or a pooler of that kind gave itself away (a statement
  // name that a server session did not know, or knew already).
  bool keeps_statements() const { return keeps_statements_.load(std::memory_order_relaxed); }

  // A cheap round trip; throws Unavailable when the database cannot be reached.
  void Ping();

  // SQLite: moves the write-ahead log into the database file and truncates it, so that data just
  // overwritten (a scrubbed mail body carrying a token) keeps no copy in the -wal file; with
  // secure_delete on every connection, the freed space in the database file is zeroed too. Does
  // nothing on PostgreSQL. False when a reader kept the log from being truncated (the next call
  // retries).
  bool ForgetOverwrittenData();

  // While one lives, the work this thread starts has no deadline: migrations, which may wait for
  // another process's migration lock and build indexes for as long as that takes.
  class WithoutDeadline {
   public:
    WithoutDeadline() { ++depth_; }
    ~WithoutDeadline() { --depth_; }
    WithoutDeadline(const WithoutDeadline&) = delete;
    WithoutDeadline& operator=(const WithoutDeadline&) = delete;

   private:
    friend class Database;
    static thread_local int depth_;
  };

  struct Stats {
    std::size_t size = 0;
    std::size_t in_use = 0;
    std::uint64_t waits = 0;  // acquisitions that found no free connection
  };
  Stats stats();

 private:
  struct Slot;
  friend StatementCache* CacheOf(soci::session& s);
  static thread_local const Slot* current_slot_;

  class Lease {
   public:
    Lease(Database* db, Slot* slot) : db_(db), slot_(slot) {}
    Lease(Lease&& other) noexcept : db_(other.db_), slot_(other.slot_) { other.slot_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    soci::session& session();
    void Failed();

   private:
    friend class Database;
    Database* db_;
    Slot* slot_;
  };

  // Marks the lease as the calling thread's current one for the duration of a Run, so that
  // repositories reach the connection's prepared statements (db/prepared.h) through the session.
  class Holding {
   public:
    explicit Holding(const Lease& lease);
    ~Holding();
    Holding(const Holding&) = delete;
    Holding& operator=(const Holding&) = delete;

   private:
    const Slot* previous_;
  };

  class TxGuard {
   public:
    TxGuard(soci::session& s, Engine engine, TxMode mode);
    ~TxGuard();
    void Commit();

   private:
    soci::session& s_;
    bool done_ = false;
  };

  Lease Acquire();
  void Release(Slot* slot);
  void Open(Slot& slot);

  DatabaseUrl url_;
  std::chrono::milliseconds acquire_timeout_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Slot*> free_;
  std::mutex mu_;
  std::condition_variable cv_;
  // Bumped when a connection is found dead: every other pooled connection is then suspect and is
  // checked before its next use, so one outage costs one failed request per connection at most.
  std::uint64_t outage_generation_ = 0;
  std::uint64_t waits_ = 0;
  std::atomic<bool> keeps_statements_;
  // Declared last, so destroyed first: no lease is out by then.
  std::unique_ptr<QueryWatchdog> watchdog_;
};

// A unique-constraint violation, on either engine.
bool IsUniqueViolation(const std::exception& e);

}  // namespace plangate::db

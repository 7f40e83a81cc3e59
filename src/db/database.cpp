#include "db/database.h"

#include "db/prepared.h"
#include "db/query_watchdog.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>

namespace plangate::db {

struct Database::Slot {
  // Declared after the session so that it goes first: statements belong to their connection.
  std::unique_ptr<soci::session> session;
  std::unique_ptr<StatementCache> statements;
  std::uint64_t checked_generation = 0;
  // Set when the pool has a deadline: this connection's number there.
  QueryWatchdog* watchdog = nullptr;
  std::size_t index = 0;
  // The current lease's deadline, for its transactions' statement_timeout (zero: none).
  std::chrono::milliseconds statement_timeout{0};

  void Close() {
    if (watchdog) watchdog->Detach(index);
    statements.reset();
    session.reset();
  }
};

thread_local const Database::Slot* Database::current_slot_ = nullptr;
thread_local int Database::WithoutDeadline::depth_ = 0;

namespace {
// 26000 invalid_sql_statement_name: "prepared statement "st_3" does not exist";
// 42P05 duplicate_prepared_statement: "prepared statement "st_1" already exists".
bool IsStatementNameClash(const soci::postgresql_soci_error& e) {
  const std::string state = e.sqlstate();
  return state == "26000" || state == "42P05";
}
}  // namespace

Database::Holding::Holding(const Lease& lease) : previous_(current_slot_) {
  current_slot_ = lease.slot_;
}

Database::Holding::~Holding() { current_slot_ = previous_; }

StatementCache* CacheOf(soci::session& s) {
  const Database::Slot* slot = Database::current_slot_;
  if (slot == nullptr || slot->session.get() != &s) return nullptr;
  return slot->statements.get();
}

Database::Database(DatabaseUrl url, std::size_t pool_size,
                   std::chrono::milliseconds acquire_timeout,
                   std::chrono::milliseconds query_timeout, Pooler pooler)
    : url_(std::move(url)),
      acquire_timeout_(acquire_timeout),
      keeps_statements_(url_.engine == Engine::kPostgres && pooler == Pooler::kNone) {
  if (pool_size == 0) pool_size = 1;
  slots_.reserve(pool_size);
  for (std::size_t i = 0; i < pool_size; ++i) {
    slots_.push_back(std::make_unique<Slot>());
    free_.push_back(slots_.back().get());
  }
  // SQLite waits on its own busy_timeout and on the disk, never on a network.
  if (url_.engine == Engine::kPostgres && query_timeout.count() > 0) {
    watchdog_ = std::make_unique<QueryWatchdog>(pool_size, query_timeout);
    for (std::size_t i = 0; i < pool_size; ++i) {
      slots_[i]->watchdog = watchdog_.get();
      slots_[i]->index = i;
    }
  }
}

Database::~Database() = default;

void Database::Open(Slot& slot) {
  slot.Close();
  try {
    if (url_.engine == Engine::kPostgres) {
      slot.session = std::make_unique<soci::session>(soci::postgresql, url_.postgres_conninfo);
      if (keeps_statements()) slot.statements = std::make_unique<StatementCache>();
      if (slot.watchdog) {
        auto* backend = static_cast<soci::postgresql_session_backend*>(slot.session->get_backend());
        slot.watchdog->Attach(slot.index, backend->conn_);
      }
    } else {
      // Created on first use, not at construction: commands that never touch the database
      // (openapi) leave the working directory alone.
      std::filesystem::path p(url_.sqlite_path);
      if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
      slot.session = std::make_unique<soci::session>(soci::sqlite3,
                                                     "db=\"" + url_.sqlite_path + "\" timeout=10");
      soci::session& s = *slot.session;
      // WAL lets readers run beside the one writer; the busy timeout makes writers queue.
      s << "PRAGMA journal_mode=WAL";
      s << "PRAGMA synchronous=NORMAL";
      s << "PRAGMA foreign_keys=ON";
      s << "PRAGMA busy_timeout=10000";
      // Deleted or overwritten content is zeroed, not left in free space (scrubbed tokens).
      s << "PRAGMA secure_delete=ON";
    }
  } catch (const std::exception&) {
    slot.Close();
    // The libpq message can name the host and user but never the password; keep it out anyway.
    throw Unavailable("cannot connect to the database");
  }
}

Database::Lease Database::Acquire() {
  Slot* slot = nullptr;
  std::uint64_t generation = 0;
  {
    std::unique_lock lock(mu_);
    if (free_.empty()) ++waits_;
    if (!cv_.wait_for(lock, acquire_timeout_, [&] { return !free_.empty(); })) {
      throw Unavailable("no database connection became free in time");
    }
    slot = free_.back();
    free_.pop_back();
    generation = outage_generation_;
  }
  Lease lease(this, slot);
  const bool bounded = watchdog_ && WithoutDeadline::depth_ == 0;
  if (bounded) watchdog_->Start(slot->index);
  slot->statement_timeout = bounded ? watchdog_->timeout() : std::chrono::milliseconds(0);
  if (slot->session && slot->checked_generation < generation) {
    try {
      *slot->session << "SELECT 1";
    } catch (const std::exception&) {
      slot->Close();
    }
    if (bounded && watchdog_->Expired(slot->index)) {
      throw Unavailable("the database did not answer in time");
    }
  }
  slot->checked_generation = generation;
  // Named statements kept from before a transaction-mode pooler was noticed go with their
  // connection: their names may now mean another client's statements on the server.
  if (slot->statements && !keeps_statements()) slot->Close();
  if (!slot->session) Open(*slot);
  return lease;
}

void Database::Release(Slot* slot) {
  {
    std::lock_guard lock(mu_);
    free_.push_back(slot);
  }
  cv_.notify_one();
}

Database::Lease::~Lease() {
  if (!slot_) return;
  // Past its deadline the connection's query may have been cancelled or its socket shut down.
  if (db_->watchdog_ && db_->watchdog_->Stop(slot_->index)) slot_->Close();
  db_->Release(slot_);
}

soci::session& Database::Lease::session() { return *slot_->session; }

void Database::Lease::Failed() {
  if (!slot_->session) return;
  // Only a database error can mean a lost connection; a handler's own errors cost no check.
  try {
    throw;
  } catch (const soci::postgresql_soci_error& e) {
    if (db_->keeps_statements() && IsStatementNameClash(e)) {
      db_->keeps_statements_.store(false);
      slot_->Close();
      throw Unavailable(
          "a prepared statement name was unknown to, or taken on, the server session: a "
          "transaction-mode pooler is in front; named statements are off from now on (set "
          "DATABASE_POOLER=transaction)");
    }
  } catch (const soci::soci_error&) {
  } catch (...) {
    return;
  }
  if (db_->watchdog_ && db_->watchdog_->Expired(slot_->index)) {
    slot_->Close();
    throw Unavailable("the database did not answer in time");
  }
  bool connected = slot_->session->is_connected();
  if (connected && db_->engine() == Engine::kPostgres) {
    // libpq only notices a dead server when it next talks to it; ask.
    try {
      *slot_->session << "SELECT 1";
    } catch (const std::exception&) {
      connected = false;
    }
  }
  if (connected) return;
  slot_->Close();
  {
    std::lock_guard lock(db_->mu_);
    ++db_->outage_generation_;
  }
  throw Unavailable("lost the database connection");
}

Database::TxGuard::TxGuard(soci::session& s, Engine engine, TxMode mode) : s_(s) {
  if (engine == Engine::kSqlite) {
    // A deferred BEGIN reads one snapshot from its first read on.
    s_ << (mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
    return;
  }
  // Under READ COMMITTED each statement has its own snapshot: a read transaction asks for one, so
  // that a page and its count, or an export's parts, agree with each other.
  std::string begin =
      mode == TxMode::kRead ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" : "BEGIN";
  if (const Slot* slot = current_slot_;
      slot && slot->session.get() == &s && slot->statement_timeout.count() > 0) {
    // The server's own deadline, for when the client's cannot reach it. LOCAL: it ends with the
    // transaction, so a pooler in transaction mode (PgBouncer) carries it with the transaction
    // and never leaves it on a server connection that another client gets next.
    begin += "; SET LOCAL statement_timeout = " + std::to_string(slot->statement_timeout.count());
  }
  s_ << begin;
}

Database::TxGuard::~TxGuard() {
  if (done_) return;
  try {
    s_ << "ROLLBACK";
  } catch (const std::exception&) {
    // The connection may be gone; the server rolls back on its own then.
  }
}

void Database::TxGuard::Commit() {
  s_ << "COMMIT";
  done_ = true;
}

Database::Stats Database::stats() {
  std::lock_guard lock(mu_);
  return Stats{slots_.size(), slots_.size() - free_.size(), waits_};
}

void Database::Ping() {
  Run([](soci::session& s) {
    int one = 0;
    s << "SELECT 1", soci::into(one);
  });
}

bool Database::ForgetOverwrittenData() {
  if (engine() != Engine::kSqlite) return true;
  return Run([](soci::session& s) {
    // TRUNCATE waits (busy_timeout) for readers of older snapshots, then empties the -wal file.
    int busy = 0, log_frames = 0, checkpointed = 0;
    s << "PRAGMA wal_checkpoint(TRUNCATE)", soci::into(busy), soci::into(log_frames),
        soci::into(checkpointed);
    return busy == 0;
  });
}

bool IsUniqueViolation(const std::exception& e) {
  if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    return pg->sqlstate() == "23505";
  }
  if (auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    // SQLITE_CONSTRAINT; SOCI does not expose the extended code, so check the message too.
    return lite->result() == 19 &&
           std::string_view(lite->what()).find("UNIQUE") != std::string_view::npos;
  }
  return false;
}

}  // namespace plangate::db

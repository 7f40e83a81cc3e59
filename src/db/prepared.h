#pragma once
// Statements built once and executed many times, and the ones kept per pooled PostgreSQL
// connection. A statement kept on its connection is prepared by name on the server once (PQprepare)
// and then costs only a bind and an execute. Any other statement is sent whole with its
// parameters on each execution (PQexecParams, the unnamed statement): one round trip instead of
// prepare + execute + DEALLOCATE, and no name that a transaction-mode pooler could hand to another
// client's server session.
//
// A kept statement type T holds its own bound buffers and is built as T(soci::session&, Reuse)
// from a db::Query. WithPrepared(s, fn) hands fn the connection's T, built on first use, or a
// fresh one-off T when the connection keeps no statements: SQLite (a cached SQLite statement that
// stopped after its first row would keep the connection's read snapshot open, and SQLite prepares
// in-process anyway), and PostgreSQL behind a transaction-mode pooler (DATABASE_POOLER).

#include <soci/soci.h>

#include <algorithm>
#include <memory>
#include <string>
#include <typeindex>
#include <utility>
#include <vector>

namespace plangate::db {

enum class Reuse {
  kOnce,  // executed during one call: sent unnamed
  kKept,  // kept on its connection: prepared by name on the server
};

// A statement built like SOCI's `s.prepare << sql, soci::into(...), soci::use(...)`, but prepared
// by name only when it is kept (Reuse::kKept). Build() once every into/use is given.
class Query {
 public:
  Query(soci::session& s, std::string sql) : statement_(s), sql_(std::move(sql)) {}
  Query& operator,(const soci::details::into_type_ptr& into) {
    statement_.exchange(into);
    return *this;
  }
  Query& operator,(const soci::details::use_type_ptr& use) {
    statement_.exchange(use);
    return *this;
  }
  template <typename T, typename Indicator>
  Query& operator,(const soci::details::into_container<T, Indicator>& into) {
    statement_.exchange(into);
    return *this;
  }
  template <typename T, typename Indicator>
  Query& operator,(const soci::details::use_container<T, Indicator>& use) {
    statement_.exchange(use);
    return *this;
  }
  soci::statement Build(Reuse reuse = Reuse::kOnce) {
    statement_.alloc();
    statement_.prepare(sql_, reuse == Reuse::kKept ? soci::details::st_repeatable_query
                                                   : soci::details::st_one_time_query);
    statement_.define_and_bind();
    return statement_;
  }

 private:
  soci::statement statement_;
  std::string sql_;
};

class StatementCache {
 public:
  template <typename T>
  T& Get(soci::session& s) {
    const std::type_index key(typeid(T));
    for (const auto& entry : entries_) {
      if (entry.first == key) return *static_cast<T*>(entry.second.get());
    }
    auto statement = std::make_shared<T>(s, Reuse::kKept);
    entries_.emplace_back(key, statement);
    return *statement;
  }

  template <typename T>
  void Erase() {
    const std::type_index key(typeid(T));
    std::erase_if(entries_, [&](const auto& entry) { return entry.first == key; });
  }

 private:
  std::vector<std::pair<std::type_index, std::shared_ptr<void>>> entries_;
};

// The cache of the pooled connection `s` when the calling thread holds it through Database::Run
// and it keeps statements (PostgreSQL, not behind a transaction-mode pooler); nullptr otherwise.
StatementCache* CacheOf(soci::session& s);

// A statement whose execute threw is dropped, not reused: SOCI 4.0 skips its clean-up after a
// server error and would send that call's values again for parameters later bound as NULL. The
// statement may also be what failed (a plan invalidated by a migration).
template <typename T, typename F>
decltype(auto) WithPrepared(soci::session& s, F&& fn) {
  if (StatementCache* cache = CacheOf(s)) {
    try {
      return std::forward<F>(fn)(cache->Get<T>(s));
    } catch (...) {
      cache->Erase<T>();
      throw;
    }
  }
  T once(s, Reuse::kOnce);
  return std::forward<F>(fn)(once);
}

// A kept statement described by its binds: B holds the values (members that stay in place once
// bound), `static std::string Sql()` and `void Bind(Query&)`, which hands the members to the
// query as soci::into/soci::use. RunKept(s, fn) calls fn(binds, statement) with the connection's
// statement (WithPrepared's rules); fn sets the inputs and executes.
template <typename B>
struct KeptStatement {
  B binds;
  soci::statement statement;
  KeptStatement(soci::session& s, Reuse reuse)
      : statement([&] {
          Query q(s, B::Sql());
          binds.Bind(q);
          return q.Build(reuse);
        }()) {}
  // The statement is bound to these binds' addresses: a copy or a move would leave it reading
  // the old ones.
  KeptStatement(const KeptStatement&) = delete;
  KeptStatement& operator=(const KeptStatement&) = delete;
};

template <typename B, typename F>
decltype(auto) RunKept(soci::session& s, F&& fn) {
  return WithPrepared<KeptStatement<B>>(
      s, [&](KeptStatement<B>& k) -> decltype(auto) { return fn(k.binds, k.statement); });
}

}  // namespace plangate::db

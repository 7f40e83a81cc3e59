#pragma once
// Prepared statements kept per pooled PostgreSQL connection. A one-off SOCI statement costs the
// server a parse and a plan on every call (PQexecParams); a hot query prepared once per
// connection costs only a bind and an execute.
//
// A statement type T holds its own bound buffers and is built as T(soci::session&) with SOCI's
// `s.prepare << ...`. WithPrepared(s, fn) hands fn the connection's T, prepared on first use.
// SQLite gets a fresh T per call instead: a cached SQLite statement that stopped after its first
// row would keep the connection's read snapshot open, and SQLite prepares in-process anyway.

#include <algorithm>
#include <memory>
#include <typeindex>
#include <utility>
#include <vector>

namespace soci {
class session;
}

namespace plangate::db {

class StatementCache {
 public:
  template <typename T>
  T& Get(soci::session& s) {
    const std::type_index key(typeid(T));
    for (const auto& entry : entries_) {
      if (entry.first == key) return *static_cast<T*>(entry.second.get());
    }
    auto statement = std::make_shared<T>(s);
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
// and it is a PostgreSQL connection; nullptr otherwise.
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
  T once(s);
  return std::forward<F>(fn)(once);
}

}  // namespace plangate::db

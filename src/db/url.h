#pragma once

#include <string>
#include <string_view>

namespace plangate::db {

enum class Engine { kSqlite, kPostgres };

// What stands between plangate and PostgreSQL (DATABASE_POOLER). Behind a pooler that hands out a
// server session per transaction (PgBouncer's pool_mode = transaction), a statement prepared by
// name on one transaction's server session is missing, or another client's, in the next.
enum class Pooler {
  kNone,         // a direct connection, or a pooler in session mode
  kTransaction,  // transaction pooling: nothing may outlive a transaction on the server session
};

struct DatabaseUrl {
  Engine engine = Engine::kSqlite;
  std::string sqlite_path;        // for kSqlite: relative to the working directory, or absolute
  std::string postgres_conninfo;  // for kPostgres: a libpq URI
};

// sqlite:///relative.db, sqlite:////absolute.db, postgres://..., postgresql://...
// Throws std::invalid_argument with a message that never repeats the URL (it may hold a password).
DatabaseUrl ParseDatabaseUrl(std::string_view url);

// The URL's password, if any, so the logger can mask it.
std::string DatabasePassword(std::string_view url);

}  // namespace plangate::db

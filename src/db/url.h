#pragma once

#include <string>
#include <string_view>

#include "core/config.h"

namespace plangate::db {

enum class Engine { kSqlite, kPostgres };

using core::Pooler;  // DATABASE_POOLER, a setting of the configuration

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

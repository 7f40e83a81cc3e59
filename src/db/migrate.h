#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/database.h"

namespace plangate::db {

struct AppliedMigration {
  int version;
  std::string name;
};

// Applies every pending migration for the database's engine, in order, in one transaction, and
// records each in schema_migrations. A second run is a no-op. Concurrent runs on PostgreSQL
// serialise on an advisory lock; on SQLite on the write lock.
std::vector<AppliedMigration> Migrate(Database& db);

// How many migrations the database has recorded (0 on an empty schema_migrations).
std::int64_t AppliedMigrationCount(soci::session& s);

// Splits a script into statements on top-level semicolons (outside quotes and -- comments).
std::vector<std::string> SplitSqlStatements(std::string_view script);

}  // namespace plangate::db

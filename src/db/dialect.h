#pragma once
// The SQL that differs between the engines, chosen from the session itself, so that services say
// what they need (a row lock) and never which engine they run on.

#include <string_view>

namespace soci {
class session;
}

namespace plangate::db {

bool IsPostgres(soci::session& s);

// A lock on the rows a SELECT reads, held to the end of the transaction.
enum class RowLock {
  kNone,
  kForUpdate,
  kForNoKeyUpdate,  // blocks writers of the row but not inserts that reference it (a new member)
};

// The clause that takes `lock` on PostgreSQL, with its leading space; "" on SQLite, whose write
// transaction (BEGIN IMMEDIATE) already serialises every writer.
std::string_view LockClause(soci::session& s, RowLock lock);

}  // namespace plangate::db

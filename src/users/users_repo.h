#pragma once
// SQL for the users table.

#include <optional>
#include <string>

#include "users/user.h"

namespace soci {
class session;
}

namespace plangate::db {
struct PgStatement;
class PgRow;
}  // namespace plangate::db

namespace plangate::users {

std::optional<User> FindById(soci::session& s, std::int64_t id);
// The user with the number of apps they own, in one prepared round trip: what every
// authenticated request reads. app_limit is left for the caller (it depends on config).
std::optional<UserView> FindViewById(soci::session& s, std::int64_t id);
// The same read for db::PgPipeline ($1 = the id as text), and its row as a UserView (nullopt
// when a column does not read back).
const db::PgStatement& ViewByIdStatement();
std::optional<UserView> ViewFromRow(const db::PgRow& row);
std::optional<User> FindByEmail(soci::session& s, const std::string& email);
// Locks the row until the transaction ends (FOR UPDATE on PostgreSQL; SQLite's write
// transaction already serialises writers).
std::optional<User> FindByIdForUpdate(soci::session& s, std::int64_t id);

// Inserts and returns the new id; throws a unique violation when the email exists.
std::int64_t Insert(soci::session& s, const User& user, std::int64_t now);
void SetLastLogin(soci::session& s, std::int64_t id, std::int64_t now);
void SetVerified(soci::session& s, std::int64_t id, std::int64_t now);
void SetPasswordHash(soci::session& s, std::int64_t id, const std::string& hash, std::int64_t now);
void SetStaff(soci::session& s, std::int64_t id, bool staff, std::int64_t now);
// The user and, through ON DELETE CASCADE, every row that belongs to them.
void Delete(soci::session& s, std::int64_t id);

}  // namespace plangate::users

#pragma once
// SQL for apps and their members. The owner is a member row with role owner, so "apps I can
// see" is one indexed lookup on app_members.

#include <optional>
#include <string>
#include <vector>

#include "apps/app.h"

namespace soci {
class session;
}

namespace plangate::db {
struct PgStatement;
class PgResult;
}  // namespace plangate::db

namespace plangate::apps::repo {

// One page of the user's apps, newest first, and their total, in one prepared round trip. A page
// past the last comes back empty with a count of 0 (the caller answers 404 for it either way).
AppPage ListForMember(soci::session& s, std::int64_t user_id, std::int64_t limit,
                      std::int64_t offset);
// The same read for db::PgPipeline ($1 user id, $2 limit, $3 offset), and its result as a page
// (nullopt when a column does not read back).
const db::PgStatement& PageForMemberStatement();
std::optional<AppPage> PageFromResult(const db::PgResult& result);
std::optional<MemberApp> FindForMember(soci::session& s, std::int64_t app_id, std::int64_t user_id);
std::int64_t CountOwned(soci::session& s, std::int64_t owner_id);

// PostgreSQL: the owner locked, the limit checked and the app inserted in one round trip
// (create_owned_app, migration 0011). Nothing when the owner does not exist; app_id unset when
// the limit is reached.
struct OwnedCreate {
  std::optional<std::int64_t> app_id;
  std::int64_t owned = 0;
  std::int64_t limit = 0;
  std::string user_type;
};
std::optional<OwnedCreate> CreateWithinLimit(soci::session& s, std::int64_t owner_id,
                                             const std::string& name,
                                             const std::string& description, std::int64_t now,
                                             int basic_limit, int pro_limit);

std::int64_t Insert(soci::session& s, std::int64_t owner_id, const std::string& name,
                    const std::string& description, std::int64_t now);
void Update(soci::session& s, std::int64_t app_id, const std::string& name,
            const std::string& description, std::int64_t now);
void Delete(soci::session& s, std::int64_t app_id);

std::vector<Collaborator> ListMembers(soci::session& s, std::int64_t app_id);
std::optional<Collaborator> FindMember(soci::session& s, std::int64_t app_id, std::int64_t user_id);
// Throws a unique violation when the user is already a member. The membership keeps a copy of
// the app's created_at, which orders GET /apps.
void AddMember(soci::session& s, const MemberApp& app, std::int64_t user_id, Role role,
               std::int64_t now);
void SetRole(soci::session& s, std::int64_t app_id, std::int64_t user_id, Role role);
void RemoveMember(soci::session& s, std::int64_t app_id, std::int64_t user_id);

}  // namespace plangate::apps::repo

#pragma once
// SQL for refresh sessions. A family is one login; every rotation adds a row to it.

#include <cstdint>
#include <optional>
#include <string>

#include "db/dialect.h"

namespace soci {
class session;
}

namespace plangate::auth::sessions {

struct RefreshSession {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string family_id;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> rotated_at;
  std::optional<std::int64_t> revoked_at;
};

std::optional<RefreshSession> FindByHash(soci::session& s, const std::string& token_hash,
                                         db::RowLock lock);
// Where a sign-in came from, kept on its family's first row (what GET sessions shows).
struct SignInOrigin {
  std::string ip;
  std::string user_agent;
};

// origin: for the first row of a family (a sign-in); null for a rotation.
void Insert(soci::session& s, std::int64_t user_id, const std::string& family_id,
            const std::string& token_hash, std::optional<std::int64_t> parent_id, std::int64_t now,
            std::int64_t expires_at, const SignInOrigin* origin);
void MarkRotated(soci::session& s, std::int64_t id, std::int64_t now);
void RevokeFamily(soci::session& s, const std::string& family_id, std::int64_t now);
// Every live session of the user, except one family when given.
void RevokeAllForUser(soci::session& s, std::int64_t user_id, std::int64_t now,
                      const std::string& except_family = {});

}  // namespace plangate::auth::sessions

#pragma once
// SQL for pending email changes: the token mailed to the new address, stored only as a hash.

#include <cstdint>
#include <optional>
#include <string>

namespace soci {
class session;
}

namespace plangate::auth::email_change {

struct PendingChange {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string new_email;
};

void Insert(soci::session& s, std::int64_t user_id, const std::string& new_email,
            const std::string& token_hash, std::int64_t now, std::int64_t expires_at);
// The unused, unexpired change with this token hash; locked until the transaction ends (FOR
// UPDATE on PostgreSQL; SQLite's write transaction already serialises writers).
std::optional<PendingChange> FindUsable(soci::session& s, const std::string& token_hash,
                                        std::int64_t now);
// Uses up every pending change of the user.
void UseAll(soci::session& s, std::int64_t user_id, std::int64_t now);
// The confirmed change: the user's address, verified by the link. Throws a unique violation when
// another account has taken the address meanwhile.
void SetUserEmail(soci::session& s, std::int64_t user_id, const std::string& email,
                  std::int64_t now);

}  // namespace plangate::auth::email_change

#include "auth/email_change_repo.h"
#include "db/dialect.h"

#include <soci/soci.h>

namespace plangate::auth::email_change {

void Insert(soci::session& s, std::int64_t user_id, const std::string& new_email,
            const std::string& token_hash, std::int64_t now, std::int64_t expires_at) {
  long long uid = user_id, ts = now, exp = expires_at;
  s << "INSERT INTO email_changes (user_id, new_email, token_hash, created_at, expires_at) "
       "VALUES (:u, :e, :h, :c, :x)",
      soci::use(uid), soci::use(new_email), soci::use(token_hash), soci::use(ts), soci::use(exp);
}

std::optional<PendingChange> FindUsable(soci::session& s, const std::string& token_hash,
                                        std::int64_t now) {
  long long id = 0, user_id = 0, ts = now;
  std::string new_email;
  s << std::string(
           "SELECT id, user_id, new_email FROM email_changes WHERE token_hash = :h "
           "AND used_at IS NULL AND expires_at > :now") +
           std::string(db::LockClause(s, db::RowLock::kForUpdate)),
      soci::into(id), soci::into(user_id), soci::into(new_email), soci::use(token_hash),
      soci::use(ts);
  if (!s.got_data()) return std::nullopt;
  return PendingChange{id, user_id, new_email};
}

void UseAll(soci::session& s, std::int64_t user_id, std::int64_t now) {
  long long uid = user_id, ts = now;
  s << "UPDATE email_changes SET used_at = :ts WHERE user_id = :u AND used_at IS NULL",
      soci::use(ts), soci::use(uid);
}

void SetUserEmail(soci::session& s, std::int64_t user_id, const std::string& email,
                  std::int64_t now) {
  long long uid = user_id, ts = now;
  s << "UPDATE users SET email = :e, is_verified = 1, updated_at = :ts WHERE id = :id",
      soci::use(email), soci::use(ts), soci::use(uid);
}

}  // namespace plangate::auth::email_change

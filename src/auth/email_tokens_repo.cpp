#include "auth/email_tokens_repo.h"

#include "db/dialect.h"

#include <soci/soci.h>

namespace plangate::auth::email_tokens {

void Insert(soci::session& s, std::int64_t user_id, const std::string& purpose,
            const std::string& token_hash, std::int64_t now, std::int64_t expires_at) {
  long long uid = user_id, ts = now, exp = expires_at;
  s << "INSERT INTO email_tokens (user_id, purpose, token_hash, created_at, expires_at) "
       "VALUES (:u, :p, :h, :c, :e)",
      soci::use(uid), soci::use(purpose), soci::use(token_hash), soci::use(ts), soci::use(exp);
}

std::optional<EmailToken> FindUsable(soci::session& s, const std::string& purpose,
                                     const std::string& token_hash, std::int64_t now,
                                     db::RowLock lock) {
  long long id = 0, user_id = 0, ts = now;
  s << std::string(
           "SELECT id, user_id FROM email_tokens WHERE token_hash = :h AND purpose = :p "
           "AND used_at IS NULL AND expires_at > :now") +
           std::string(db::LockClause(s, lock)),
      soci::into(id), soci::into(user_id), soci::use(token_hash), soci::use(purpose), soci::use(ts);
  if (!s.got_data()) return std::nullopt;
  return EmailToken{id, user_id};
}

void UseAll(soci::session& s, std::int64_t user_id, const std::string& purpose, std::int64_t now) {
  long long uid = user_id, ts = now;
  s << "UPDATE email_tokens SET used_at = :ts WHERE user_id = :u AND purpose = :p "
       "AND used_at IS NULL",
      soci::use(ts), soci::use(uid), soci::use(purpose);
}

}  // namespace plangate::auth::email_tokens

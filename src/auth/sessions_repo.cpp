#include "auth/sessions_repo.h"

#include <soci/soci.h>

namespace plangate::auth::sessions {

std::optional<RefreshSession> FindByHash(soci::session& s, const std::string& token_hash,
                                         bool for_update) {
  long long id = 0, user_id = 0, expires_at = 0, rotated_at = 0, revoked_at = 0;
  std::string family;
  soci::indicator rotated_ind = soci::i_null, revoked_ind = soci::i_null;
  s << std::string(
           "SELECT id, user_id, family_id, expires_at, rotated_at, revoked_at "
           "FROM refresh_sessions WHERE token_hash = :h") +
           (for_update ? " FOR UPDATE" : ""),
      soci::into(id), soci::into(user_id), soci::into(family), soci::into(expires_at),
      soci::into(rotated_at, rotated_ind), soci::into(revoked_at, revoked_ind),
      soci::use(token_hash);
  if (!s.got_data()) return std::nullopt;
  RefreshSession r{id, user_id, family, expires_at, std::nullopt, std::nullopt};
  if (rotated_ind == soci::i_ok) r.rotated_at = rotated_at;
  if (revoked_ind == soci::i_ok) r.revoked_at = revoked_at;
  return r;
}

void Insert(soci::session& s, std::int64_t user_id, const std::string& family_id,
            const std::string& token_hash, std::optional<std::int64_t> parent_id, std::int64_t now,
            std::int64_t expires_at, const SignInOrigin* origin) {
  long long uid = user_id, ts = now, exp = expires_at, parent = parent_id.value_or(0);
  soci::indicator parent_ind = parent_id ? soci::i_ok : soci::i_null;
  std::string ip, user_agent;
  soci::indicator origin_ind = soci::i_null;
  if (origin) {
    ip = origin->ip;
    user_agent = origin->user_agent;
    origin_ind = soci::i_ok;
  }
  soci::indicator agent_ind = origin_ind;
  s << "INSERT INTO refresh_sessions (user_id, family_id, token_hash, parent_id, created_at, "
       "expires_at, ip, user_agent) VALUES (:u, :f, :h, :p, :c, :e, :ip, :ua)",
      soci::use(uid), soci::use(family_id), soci::use(token_hash), soci::use(parent, parent_ind),
      soci::use(ts), soci::use(exp), soci::use(ip, origin_ind), soci::use(user_agent, agent_ind);
}

void MarkRotated(soci::session& s, std::int64_t id, std::int64_t now) {
  long long key = id, ts = now;
  s << "UPDATE refresh_sessions SET rotated_at = :ts WHERE id = :id", soci::use(ts), soci::use(key);
}

void RevokeFamily(soci::session& s, const std::string& family_id, std::int64_t now) {
  long long ts = now;
  s << "UPDATE refresh_sessions SET revoked_at = :ts WHERE family_id = :f AND revoked_at IS NULL",
      soci::use(ts), soci::use(family_id);
}

void RevokeAllForUser(soci::session& s, std::int64_t user_id, std::int64_t now,
                      const std::string& except_family) {
  long long uid = user_id, ts = now;
  s << "UPDATE refresh_sessions SET revoked_at = :ts "
       "WHERE user_id = :u AND revoked_at IS NULL AND family_id <> :f",
      soci::use(ts), soci::use(uid), soci::use(except_family);
}

}  // namespace plangate::auth::sessions

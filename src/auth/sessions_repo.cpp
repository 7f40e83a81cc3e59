#include "auth/sessions_repo.h"

#include <soci/soci.h>

#include "db/prepared.h"

namespace plangate::auth::sessions {

namespace {
// The statements of a refresh (and of every sign-in's Insert), kept on their connection: a
// rotation runs them all.
template <bool ForUpdate>
struct SessionByHash {
  long long id = 0, user_id = 0, expires_at = 0, rotated_at = 0, revoked_at = 0;
  std::string family, token_hash;
  soci::indicator rotated_ind = soci::i_null, revoked_ind = soci::i_null;
  static std::string Sql() {
    return std::string(
               "SELECT id, user_id, family_id, expires_at, rotated_at, revoked_at "
               "FROM refresh_sessions WHERE token_hash = :h") +
           (ForUpdate ? " FOR UPDATE" : "");
  }
  void Bind(db::Query& q) {
    q, soci::into(id), soci::into(user_id), soci::into(family), soci::into(expires_at),
        soci::into(rotated_at, rotated_ind), soci::into(revoked_at, revoked_ind),
        soci::use(token_hash);
  }
};

template <bool ForUpdate>
std::optional<RefreshSession> SelectByHash(soci::session& s, const std::string& token_hash) {
  using B = SessionByHash<ForUpdate>;
  return db::RunKept<B>(s, [&](B& b, soci::statement& st) -> std::optional<RefreshSession> {
    b.token_hash = token_hash;
    st.execute(true);
    if (!st.got_data()) return std::nullopt;
    RefreshSession r{b.id, b.user_id, b.family, b.expires_at, std::nullopt, std::nullopt};
    if (b.rotated_ind == soci::i_ok) r.rotated_at = b.rotated_at;
    if (b.revoked_ind == soci::i_ok) r.revoked_at = b.revoked_at;
    return r;
  });
}

struct InsertSession {
  long long user_id = 0, created_at = 0, expires_at = 0, parent = 0;
  std::string family_id, token_hash, ip, user_agent;
  soci::indicator parent_ind = soci::i_null, ip_ind = soci::i_null, agent_ind = soci::i_null;
  static std::string Sql() {
    return "INSERT INTO refresh_sessions (user_id, family_id, token_hash, parent_id, created_at, "
           "expires_at, ip, user_agent) VALUES (:u, :f, :h, :p, :c, :e, :ip, :ua)";
  }
  void Bind(db::Query& q) {
    q, soci::use(user_id), soci::use(family_id), soci::use(token_hash),
        soci::use(parent, parent_ind), soci::use(created_at), soci::use(expires_at),
        soci::use(ip, ip_ind), soci::use(user_agent, agent_ind);
  }
};

struct MarkSessionRotated {
  long long ts = 0, id = 0;
  static std::string Sql() { return "UPDATE refresh_sessions SET rotated_at = :ts WHERE id = :id"; }
  void Bind(db::Query& q) { q, soci::use(ts), soci::use(id); }
};
}  // namespace

std::optional<RefreshSession> FindByHash(soci::session& s, const std::string& token_hash,
                                         db::RowLock lock) {
  // Two kept statements: the locking one (FOR UPDATE; a refresh rotates the row) is only ever
  // prepared on PostgreSQL. kForNoKeyUpdate has no use here and would lock as FOR UPDATE.
  return db::LockClause(s, lock).empty() ? SelectByHash<false>(s, token_hash)
                                         : SelectByHash<true>(s, token_hash);
}

void Insert(soci::session& s, std::int64_t user_id, const std::string& family_id,
            const std::string& token_hash, std::optional<std::int64_t> parent_id, std::int64_t now,
            std::int64_t expires_at, const SignInOrigin* origin) {
  db::RunKept<InsertSession>(s, [&](InsertSession& b, soci::statement& st) {
    b.user_id = user_id;
    b.family_id = family_id;
    b.token_hash = token_hash;
    b.parent = parent_id.value_or(0);
    b.parent_ind = parent_id ? soci::i_ok : soci::i_null;
    b.created_at = now;
    b.expires_at = expires_at;
    b.ip = origin ? origin->ip : std::string();
    b.user_agent = origin ? origin->user_agent : std::string();
    b.ip_ind = b.agent_ind = origin ? soci::i_ok : soci::i_null;
    st.execute(true);
  });
}

void MarkRotated(soci::session& s, std::int64_t id, std::int64_t now) {
  db::RunKept<MarkSessionRotated>(s, [&](MarkSessionRotated& b, soci::statement& st) {
    b.ts = now;
    b.id = id;
    st.execute(true);
  });
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

#include "auth/oidc_repo.h"

#include <soci/soci.h>

namespace plangate::auth::oidc_repo {

void InsertState(soci::session& s, const std::string& state_hash, const PendingSignIn& p,
                 std::int64_t now) {
  long long created = now, expires = p.expires_at;
  s << "INSERT INTO oidc_states (state_hash, provider, next_path, redirect_uri, created_at, "
       "expires_at) VALUES (:h, :p, :n, :r, :c, :e)",
      soci::use(state_hash), soci::use(p.provider), soci::use(p.next_path),
      soci::use(p.redirect_uri), soci::use(created), soci::use(expires);
}

std::optional<PendingSignIn> TakeState(soci::session& s, const std::string& state_hash) {
  PendingSignIn p;
  long long expires = 0;
  s << "DELETE FROM oidc_states WHERE state_hash = :h "
       "RETURNING provider, next_path, redirect_uri, expires_at",
      soci::use(state_hash), soci::into(p.provider), soci::into(p.next_path),
      soci::into(p.redirect_uri), soci::into(expires);
  if (!s.got_data()) return std::nullopt;
  p.expires_at = expires;
  return p;
}

void PurgeExpiredStates(soci::session& s, std::int64_t now) {
  long long ts = now;
  s << "DELETE FROM oidc_states WHERE expires_at < :t", soci::use(ts);
}

namespace {
struct IdentityRow {
  long long id = 0, user_id = 0, created_at = 0;
  std::string provider, subject, email;
  soci::indicator email_ind = soci::i_null;

  Identity ToIdentity() const {
    Identity i{id, user_id, provider, subject, std::nullopt, created_at};
    if (email_ind == soci::i_ok) i.email = email;
    return i;
  }
};
}  // namespace

std::optional<Identity> FindIdentity(soci::session& s, const std::string& provider,
                                     const std::string& subject) {
  IdentityRow r;
  s << "SELECT id, user_id, provider, subject, email, created_at FROM user_identities "
       "WHERE provider = :p AND subject = :s",
      soci::into(r.id), soci::into(r.user_id), soci::into(r.provider), soci::into(r.subject),
      soci::into(r.email, r.email_ind), soci::into(r.created_at), soci::use(provider),
      soci::use(subject);
  if (!s.got_data()) return std::nullopt;
  return r.ToIdentity();
}

std::int64_t InsertIdentity(soci::session& s, std::int64_t user_id, const std::string& provider,
                            const std::string& subject, const std::optional<std::string>& email,
                            std::int64_t now) {
  long long uid = user_id, ts = now, id = 0;
  std::string mail = email.value_or("");
  soci::indicator mail_ind = email ? soci::i_ok : soci::i_null;
  s << "INSERT INTO user_identities (user_id, provider, subject, email, created_at) "
       "VALUES (:u, :p, :s, :e, :c) RETURNING id",
      soci::use(uid), soci::use(provider), soci::use(subject), soci::use(mail, mail_ind),
      soci::use(ts), soci::into(id);
  return id;
}

std::vector<Identity> ListIdentities(soci::session& s, std::int64_t user_id) {
  long long uid = user_id;
  IdentityRow r;
  soci::statement st =
      (s.prepare << "SELECT id, user_id, provider, subject, email, created_at "
                    "FROM user_identities WHERE user_id = :u ORDER BY created_at, id",
       soci::into(r.id), soci::into(r.user_id), soci::into(r.provider), soci::into(r.subject),
       soci::into(r.email, r.email_ind), soci::into(r.created_at), soci::use(uid));
  st.execute();
  std::vector<Identity> out;
  while (st.fetch()) out.push_back(r.ToIdentity());
  return out;
}

bool DeleteIdentity(soci::session& s, std::int64_t user_id, std::int64_t id) {
  long long uid = user_id, key = id, deleted = 0;
  s << "DELETE FROM user_identities WHERE id = :i AND user_id = :u RETURNING id", soci::use(key),
      soci::use(uid), soci::into(deleted);
  return s.got_data();
}

}  // namespace plangate::auth::oidc_repo

#include "auth/devices_repo.h"

#include <soci/soci.h>

#include "db/prepared.h"

namespace plangate::auth::devices {

std::vector<Device> ListLive(soci::session& s, std::int64_t user_id, std::int64_t now) {
  long long uid = user_id, ts = now;
  long long id = 0, created_at = 0, last_used_at = 0;
  std::string family, ip, user_agent;
  soci::indicator ip_ind = soci::i_null, agent_ind = soci::i_null;
  // The join reads each family's rows once (by refresh_sessions_family_idx) for both its last
  // use and whether any of its tokens still works.
  soci::statement st =
      (db::Query(s,
                 "SELECT r.id, r.family_id, r.created_at, r.ip, r.user_agent, "
                 "MAX(l.created_at) FROM refresh_sessions r "
                 "JOIN refresh_sessions l ON l.family_id = r.family_id AND l.user_id = r.user_id "
                 "WHERE r.user_id = :u AND r.parent_id IS NULL "
                 "GROUP BY r.id, r.family_id, r.created_at, r.ip, r.user_agent "
                 "HAVING SUM(CASE WHEN l.revoked_at IS NULL AND l.rotated_at IS NULL "
                 "AND l.expires_at > :now THEN 1 ELSE 0 END) > 0 "
                 "ORDER BY r.created_at DESC, r.id DESC"),
       soci::use(uid), soci::use(ts), soci::into(id), soci::into(family), soci::into(created_at),
       soci::into(ip, ip_ind), soci::into(user_agent, agent_ind), soci::into(last_used_at))
          .Build();
  st.execute();
  std::vector<Device> out;
  while (st.fetch()) {
    Device d{id, family, created_at, last_used_at, std::nullopt, std::nullopt};
    if (ip_ind == soci::i_ok) d.ip = ip;
    if (agent_ind == soci::i_ok) d.user_agent = user_agent;
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<std::string> FindLiveFamily(soci::session& s, std::int64_t user_id, std::int64_t id,
                                          std::int64_t now) {
  long long key = id, uid = user_id, ts = now;
  std::string family;
  s << "SELECT r.family_id FROM refresh_sessions r WHERE r.id = :id AND r.user_id = :u "
       "AND r.parent_id IS NULL AND EXISTS (SELECT 1 FROM refresh_sessions l "
       "WHERE l.family_id = r.family_id AND l.user_id = r.user_id AND l.revoked_at IS NULL "
       "AND l.rotated_at IS NULL AND l.expires_at > :now)",
      soci::use(key), soci::use(uid), soci::use(ts), soci::into(family);
  if (!s.got_data()) return std::nullopt;
  return family;
}

std::string FamilyOfToken(soci::session& s, std::int64_t user_id, const std::string& token_hash) {
  long long uid = user_id;
  std::string family;
  s << "SELECT family_id FROM refresh_sessions WHERE token_hash = :h AND user_id = :u "
       "AND revoked_at IS NULL",
      soci::use(token_hash), soci::use(uid), soci::into(family);
  return s.got_data() ? family : std::string();
}

std::optional<std::int64_t> SignedInAtOfLiveToken(soci::session& s, std::int64_t user_id,
                                                  const std::string& token_hash, std::int64_t now) {
  long long uid = user_id, ts = now, signed_in_at = 0;
  s << "SELECT r.created_at FROM refresh_sessions t JOIN refresh_sessions r "
       "ON r.family_id = t.family_id AND r.user_id = t.user_id AND r.parent_id IS NULL "
       "WHERE t.token_hash = :h AND t.user_id = :u AND t.revoked_at IS NULL "
       "AND t.rotated_at IS NULL AND t.expires_at > :now",
      soci::use(token_hash), soci::use(uid), soci::use(ts), soci::into(signed_in_at);
  if (!s.got_data()) return std::nullopt;
  return signed_in_at;
}

}  // namespace plangate::auth::devices

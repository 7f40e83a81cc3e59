#include "apps/invitations_repo.h"

#include <soci/soci.h>

#include "db/prepared.h"

namespace plangate::apps::invitations {

namespace {
constexpr std::string_view kFields =
    "i.id, i.app_id, i.email, i.role, i.invited_by, i.created_at, i.expires_at";
constexpr std::string_view kPending =
    "i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ";

struct Row {
  long long id = 0, app_id = 0, invited_by = 0, created_at = 0, expires_at = 0;
  std::string email, role;
  Invitation ToInvitation() const {
    return Invitation{id,         app_id,     email,     ParseRole(role).value_or(Role::kViewer),
                      invited_by, created_at, expires_at};
  }
};

template <typename Statement>
Statement& IntoRow(Statement& q, Row& r) {
  q, soci::into(r.id), soci::into(r.app_id), soci::into(r.email), soci::into(r.role),
      soci::into(r.invited_by), soci::into(r.created_at), soci::into(r.expires_at);
  return q;
}

std::string Sql(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out.append(p);
  return out;
}
}  // namespace

std::optional<MemberApp> FindApp(soci::session& s, std::int64_t app_id, db::RowLock lock) {
  long long aid = app_id, owner = 0, created = 0, updated = 0;
  std::string name, description;
  s << Sql({"SELECT name, description, owner_id, created_at, updated_at FROM apps WHERE id = :a",
            db::LockClause(s, lock)}),
      soci::into(name), soci::into(description), soci::into(owner), soci::into(created),
      soci::into(updated), soci::use(aid);
  if (!s.got_data()) return std::nullopt;
  return MemberApp{app_id, name, description, owner, Role::kOwner, created, updated};
}

void CloseExpired(soci::session& s, std::int64_t app_id, const std::string& email,
                  std::int64_t now) {
  long long aid = app_id, ts = now;
  s << "UPDATE app_invitations SET revoked_at = :now WHERE app_id = :a AND email = :e "
       "AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at <= :now_again",
      soci::use(ts), soci::use(aid), soci::use(email), soci::use(ts);
}

bool HasPending(soci::session& s, std::int64_t app_id, const std::string& email, std::int64_t now) {
  long long aid = app_id, ts = now, n = 0;
  s << Sql({"SELECT COUNT(*) FROM app_invitations i WHERE i.app_id = :a AND i.email = :e AND ",
            kPending, ":now"}),
      soci::into(n), soci::use(aid), soci::use(email), soci::use(ts);
  return n > 0;
}

std::int64_t CountPending(soci::session& s, std::int64_t app_id, std::int64_t now) {
  long long aid = app_id, ts = now, n = 0;
  s << Sql({"SELECT COUNT(*) FROM app_invitations i WHERE i.app_id = :a AND ", kPending, ":now"}),
      soci::into(n), soci::use(aid), soci::use(ts);
  return n;
}

std::int64_t Insert(soci::session& s, const Invitation& i, const std::string& token_hash) {
  long long aid = i.app_id, by = i.invited_by, created = i.created_at, expires = i.expires_at,
            id = 0;
  std::string role(RoleName(i.role));
  s << "INSERT INTO app_invitations (app_id, email, role, invited_by, token_hash, created_at, "
       "expires_at) VALUES (:a, :e, :r, :b, :h, :c, :x) RETURNING id",
      soci::use(aid), soci::use(i.email), soci::use(role), soci::use(by), soci::use(token_hash),
      soci::use(created), soci::use(expires), soci::into(id);
  return id;
}

std::vector<Invitation> ListPending(soci::session& s, std::int64_t app_id, std::int64_t now) {
  long long aid = app_id, ts = now;
  Row r;
  soci::statement st =
      (db::Query(s, Sql({"SELECT ", kFields, " FROM app_invitations i WHERE i.app_id = :a AND ",
                         kPending, ":now ORDER BY i.created_at DESC, i.id DESC"})),
       soci::into(r.id), soci::into(r.app_id), soci::into(r.email), soci::into(r.role),
       soci::into(r.invited_by), soci::into(r.created_at), soci::into(r.expires_at), soci::use(aid),
       soci::use(ts))
          .Build();
  std::vector<Invitation> out;
  st.execute();
  while (st.fetch()) out.push_back(r.ToInvitation());
  return out;
}

bool Revoke(soci::session& s, std::int64_t app_id, std::int64_t invitation_id, std::int64_t now) {
  long long aid = app_id, iid = invitation_id, ts = now, id = 0;
  s << "UPDATE app_invitations SET revoked_at = :now WHERE id = :i AND app_id = :a "
       "AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > :now_again RETURNING id",
      soci::use(ts), soci::use(iid), soci::use(aid), soci::use(ts), soci::into(id);
  return s.got_data();
}

std::optional<Invitation> FindPendingByToken(soci::session& s, const std::string& token_hash,
                                             std::int64_t now) {
  long long ts = now;
  Row r;
  {
    auto q = s << Sql({"SELECT ", kFields, " FROM app_invitations i WHERE i.token_hash = :h AND ",
                       kPending, ":now", db::LockClause(s, db::RowLock::kForUpdate)});
    IntoRow(q, r), soci::use(token_hash), soci::use(ts);
  }  // a one-off statement runs when its last copy goes
  if (!s.got_data()) return std::nullopt;
  return r.ToInvitation();
}

std::optional<InvitationPreview> PreviewByToken(soci::session& s, const std::string& token_hash,
                                                std::int64_t now) {
  long long ts = now, expires = 0, app_id = 0;
  std::string app_name, inviter, role, email;
  s << Sql(
      {"SELECT a.id, a.name, u.email, i.role, i.email, i.expires_at FROM app_invitations i "
       "JOIN apps a ON a.id = i.app_id JOIN users u ON u.id = i.invited_by "
       "WHERE i.token_hash = :h AND ",
       kPending, ":now"}),
      soci::into(app_id), soci::into(app_name), soci::into(inviter), soci::into(role),
      soci::into(email), soci::into(expires), soci::use(token_hash), soci::use(ts);
  if (!s.got_data()) return std::nullopt;
  return InvitationPreview{app_id, app_name, inviter, ParseRole(role).value_or(Role::kViewer),
                           email,  expires};
}

bool MarkAccepted(soci::session& s, std::int64_t invitation_id, std::int64_t user_id,
                  std::int64_t now) {
  long long iid = invitation_id, uid = user_id, ts = now, id = 0;
  s << "UPDATE app_invitations SET accepted_at = :now, accepted_by = :u WHERE id = :i "
       "AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id",
      soci::use(ts), soci::use(uid), soci::use(iid), soci::into(id);
  return s.got_data();
}

}  // namespace plangate::apps::invitations

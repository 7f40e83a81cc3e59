#include "apps/apps_repo.h"

#include <soci/soci.h>

#include "db/pg_pipeline.h"
#include "db/prepared.h"

namespace plangate::apps::repo {

namespace {
constexpr std::string_view kMemberAppFields =
    "a.id, a.name, a.description, a.owner_id, m.role, a.created_at, a.updated_at";
constexpr std::string_view kMemberAppsFrom = " FROM app_members m JOIN apps a ON a.id = m.app_id ";

struct AppRow {
  long long id = 0, owner_id = 0, created_at = 0, updated_at = 0;
  std::string name, description, role;
  MemberApp ToApp() const {
    return MemberApp{
        id,         name,      description, owner_id, ParseRole(role).value_or(Role::kViewer),
        created_at, updated_at};
  }
};

// Binds r to kMemberAppFields of a one-off (s << ...) statement or a db::Query.
template <typename Statement>
Statement& IntoRow(Statement& q, AppRow& r) {
  q, soci::into(r.id), soci::into(r.name), soci::into(r.description), soci::into(r.owner_id),
      soci::into(r.role), soci::into(r.created_at), soci::into(r.updated_at);
  return q;
}

struct PageForMember {
  AppRow row;
  long long total = 0, user_id = 0, limit = 0, offset = 0;
  static std::string Sql() { return PageSql(":u", ":m", ":l", ":o"); }
  void Bind(db::Query& q) {
    IntoRow(q, row), soci::into(total), soci::use(user_id), soci::use(user_id), soci::use(limit),
        soci::use(offset);
  }

  // The page comes in order from app_members_user_order_idx (migration 0004), so only the apps up
  // to its end are joined, not all of the member's; the total is counted on the same index. `user`
  // appears twice; SOCI binds by position, hence a placeholder for each.
  static std::string PageSql(std::string_view user, std::string_view user_again,
                             std::string_view limit, std::string_view offset) {
    std::string sql = "SELECT ";
    sql.append(kMemberAppFields)
        .append(", (SELECT COUNT(*) FROM app_members c WHERE c.user_id = ")
        .append(user)
        .append(")")
        .append(kMemberAppsFrom);
    sql.append("WHERE m.user_id = ").append(user_again);
    sql.append(" ORDER BY m.app_created_at DESC, m.app_id DESC LIMIT ").append(limit);
    sql.append(" OFFSET ").append(offset);
    return sql;
  }
};
}  // namespace

AppPage ListForMember(soci::session& s, std::int64_t user_id, std::int64_t limit,
                      std::int64_t offset) {
  return db::RunKept<PageForMember>(s, [&](PageForMember& b, soci::statement& st) {
    b.user_id = user_id;
    b.limit = limit;
    b.offset = offset;
    AppPage page;
    page.apps.reserve(static_cast<std::size_t>(limit));
    st.execute();
    while (st.fetch()) page.apps.push_back(b.row.ToApp());
    if (!page.apps.empty()) page.count = b.total;
    return page;
  });
}

const db::PgStatement& PageForMemberStatement() {
  static const db::PgStatement statement{"plangate_member_apps",
                                         PageForMember::PageSql("$1", "$1", "$2", "$3"), 3};
  return statement;
}

std::optional<AppPage> PageFromResult(const db::PgResult& result) {
  AppPage page;
  page.apps.reserve(static_cast<std::size_t>(result.rows()));
  for (int i = 0; i < result.rows(); ++i) {
    const db::PgRow row = result.row(i);
    if (row.columns() != 8) return std::nullopt;
    auto id = row.Int(0), owner = row.Int(3), created = row.Int(5), updated = row.Int(6),
         total = row.Int(7);
    if (!id || !owner || !created || !updated || !total) return std::nullopt;
    page.apps.push_back(MemberApp{*id, std::string(row.Text(1)), std::string(row.Text(2)), *owner,
                                  ParseRole(row.Text(4)).value_or(Role::kViewer), *created,
                                  *updated});
    page.count = *total;
  }
  return page;
}

namespace {
// Kept on their connection: every GET/PATCH/DELETE of one app, and every User shown, runs them.
struct MemberAppById {
  AppRow row;
  long long app_id = 0, user_id = 0;
  static std::string Sql() {
    return "SELECT " + std::string(kMemberAppFields) + std::string(kMemberAppsFrom) +
           "WHERE m.app_id = :a AND m.user_id = :u";
  }
  void Bind(db::Query& q) { IntoRow(q, row), soci::use(app_id), soci::use(user_id); }
};

struct OwnedCount {
  long long owner_id = 0, count = 0;
  static std::string Sql() { return "SELECT COUNT(*) FROM apps WHERE owner_id = :u"; }
  void Bind(db::Query& q) { q, soci::into(count), soci::use(owner_id); }
};

struct UpdateApp {
  std::string name, description;
  long long updated_at = 0, app_id = 0;
  static std::string Sql() {
    return "UPDATE apps SET name = :n, description = :d, updated_at = :t WHERE id = :id";
  }
  void Bind(db::Query& q) {
    q, soci::use(name), soci::use(description), soci::use(updated_at), soci::use(app_id);
  }
};

struct DeleteAppMembers {
  long long app_id = 0;
  static std::string Sql() { return "DELETE FROM app_members WHERE app_id = :a"; }
  void Bind(db::Query& q) { q, soci::use(app_id); }
};

struct DeleteAppRow {
  long long app_id = 0;
  static std::string Sql() { return "DELETE FROM apps WHERE id = :a"; }
  void Bind(db::Query& q) { q, soci::use(app_id); }
};

// POST /apps on PostgreSQL: the lock, the count and the insert in one call (migration 0011).
struct CreateOwnedApp {
  long long owner_id = 0, now = 0, basic = 0, pro = 0, app_id = 0, owned = 0, limit = 0;
  std::string name, description, user_type;
  soci::indicator app_ind = soci::i_null;
  static std::string Sql() {
    return "SELECT o_app_id, o_owned, o_limit, o_user_type FROM create_owned_app(:o, :n, :d, :t, "
           ":b, :p)";
  }
  void Bind(db::Query& q) {
    q, soci::into(app_id, app_ind), soci::into(owned), soci::into(limit), soci::into(user_type),
        soci::use(owner_id), soci::use(name), soci::use(description), soci::use(now),
        soci::use(basic), soci::use(pro);
  }
};

template <typename B>
void ExecuteForApp(soci::session& s, std::int64_t app_id) {
  db::RunKept<B>(s, [&](B& b, soci::statement& st) {
    b.app_id = app_id;
    st.execute(true);
  });
}
}  // namespace

std::optional<MemberApp> FindForMember(soci::session& s, std::int64_t app_id,
                                       std::int64_t user_id) {
  return db::RunKept<MemberAppById>(
      s, [&](MemberAppById& b, soci::statement& st) -> std::optional<MemberApp> {
        b.app_id = app_id;
        b.user_id = user_id;
        st.execute(true);
        if (!st.got_data()) return std::nullopt;
        return b.row.ToApp();
      });
}

std::int64_t CountOwned(soci::session& s, std::int64_t owner_id) {
  return db::RunKept<OwnedCount>(s, [&](OwnedCount& b, soci::statement& st) {
    b.owner_id = owner_id;
    st.execute(true);
    return static_cast<std::int64_t>(b.count);
  });
}

std::optional<OwnedCreate> CreateWithinLimit(soci::session& s, std::int64_t owner_id,
                                             const std::string& name,
                                             const std::string& description, std::int64_t now,
                                             int basic_limit, int pro_limit) {
  return db::RunKept<CreateOwnedApp>(
      s, [&](CreateOwnedApp& b, soci::statement& st) -> std::optional<OwnedCreate> {
        b.owner_id = owner_id;
        b.name = name;
        b.description = description;
        b.now = now;
        b.basic = basic_limit;
        b.pro = pro_limit;
        st.execute(true);
        if (!st.got_data()) return std::nullopt;
        OwnedCreate out;
        if (b.app_ind == soci::i_ok) out.app_id = b.app_id;
        out.owned = b.owned;
        out.limit = b.limit;
        out.user_type = b.user_type;
        return out;
      });
}

std::int64_t Insert(soci::session& s, std::int64_t owner_id, const std::string& name,
                    const std::string& description, std::int64_t now) {
  long long uid = owner_id, ts = now, id = 0;
  s << "INSERT INTO apps (owner_id, name, description, created_at, updated_at) "
       "VALUES (:o, :n, :d, :c, :u) RETURNING id",
      soci::use(uid), soci::use(name), soci::use(description), soci::use(ts), soci::use(ts),
      soci::into(id);
  std::string owner = "owner";
  s << "INSERT INTO app_members (app_id, user_id, role, added_at, app_created_at) "
       "VALUES (:a, :u, :r, :t, :c)",
      soci::use(id), soci::use(uid), soci::use(owner), soci::use(ts), soci::use(ts);
  return id;
}

void Update(soci::session& s, std::int64_t app_id, const std::string& name,
            const std::string& description, std::int64_t now) {
  db::RunKept<UpdateApp>(s, [&](UpdateApp& b, soci::statement& st) {
    b.name = name;
    b.description = description;
    b.updated_at = now;
    b.app_id = app_id;
    st.execute(true);
  });
}

void Delete(soci::session& s, std::int64_t app_id) {
  // Members go by ON DELETE CASCADE; delete them first anyway so SQLite connections opened
  // without foreign keys cannot leave orphans.
  ExecuteForApp<DeleteAppMembers>(s, app_id);
  ExecuteForApp<DeleteAppRow>(s, app_id);
}

std::vector<Collaborator> ListMembers(soci::session& s, std::int64_t app_id) {
  long long aid = app_id, uid = 0, added = 0;
  std::string email, role;
  soci::statement st =
      (db::Query(s,
                 "SELECT m.user_id, u.email, m.role, m.added_at FROM app_members m "
                 "JOIN users u ON u.id = m.user_id WHERE m.app_id = :a "
                 "ORDER BY CASE WHEN m.role = 'owner' THEN 0 ELSE 1 END, m.added_at, m.user_id"),
       soci::into(uid), soci::into(email), soci::into(role), soci::into(added), soci::use(aid))
          .Build();
  std::vector<Collaborator> out;
  st.execute();
  while (st.fetch()) {
    out.push_back({uid, email, ParseRole(role).value_or(Role::kViewer), added});
  }
  return out;
}

std::optional<Collaborator> FindMember(soci::session& s, std::int64_t app_id,
                                       std::int64_t user_id) {
  long long aid = app_id, uid = user_id, added = 0;
  std::string email, role;
  s << "SELECT u.email, m.role, m.added_at FROM app_members m JOIN users u ON u.id = m.user_id "
       "WHERE m.app_id = :a AND m.user_id = :u",
      soci::into(email), soci::into(role), soci::into(added), soci::use(aid), soci::use(uid);
  if (!s.got_data()) return std::nullopt;
  return Collaborator{user_id, email, ParseRole(role).value_or(Role::kViewer), added};
}

void AddMember(soci::session& s, const MemberApp& app, std::int64_t user_id, Role role,
               std::int64_t now) {
  long long aid = app.id, uid = user_id, ts = now, created = app.created_at;
  std::string name(RoleName(role));
  s << "INSERT INTO app_members (app_id, user_id, role, added_at, app_created_at) "
       "VALUES (:a, :u, :r, :t, :c)",
      soci::use(aid), soci::use(uid), soci::use(name), soci::use(ts), soci::use(created);
}

void SetRole(soci::session& s, std::int64_t app_id, std::int64_t user_id, Role role) {
  long long aid = app_id, uid = user_id;
  std::string name(RoleName(role));
  s << "UPDATE app_members SET role = :r WHERE app_id = :a AND user_id = :u", soci::use(name),
      soci::use(aid), soci::use(uid);
}

void RemoveMember(soci::session& s, std::int64_t app_id, std::int64_t user_id) {
  long long aid = app_id, uid = user_id;
  s << "DELETE FROM app_members WHERE app_id = :a AND user_id = :u", soci::use(aid), soci::use(uid);
}

}  // namespace plangate::apps::repo

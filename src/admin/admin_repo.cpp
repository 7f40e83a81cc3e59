#include "admin/admin_repo.h"

#include <soci/soci.h>

#include <deque>

namespace plangate::admin::repo {

namespace {

// The WHERE clause of a query and the values it binds, in order.
struct Where {
  std::string sql;
  std::deque<std::string> texts;  // stable addresses for soci::use
  std::deque<int> ints;
};

Where BuildWhere(const UserQuery& q) {
  Where w;
  std::vector<std::string> clauses;
  if (q.search) {
    w.texts.push_back(LikePattern(*q.search));
    clauses.push_back("u.email LIKE :search ESCAPE '\\'");
  }
  if (q.user_type) {
    w.texts.push_back(*q.user_type);
    clauses.push_back("u.user_type = :user_type");
  }
  if (q.is_disabled) {
    w.ints.push_back(*q.is_disabled ? 1 : 0);
    clauses.push_back("u.is_disabled_by_admin = :disabled");
  }
  if (q.is_verified) {
    w.ints.push_back(*q.is_verified ? 1 : 0);
    clauses.push_back("u.is_verified = :verified");
  }
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    w.sql += (i == 0 ? " WHERE " : " AND ") + clauses[i];
  }
  return w;
}

void BindWhere(soci::statement& st, Where& w) {
  for (auto& t : w.texts) st.exchange(soci::use(t));
  for (auto& i : w.ints) st.exchange(soci::use(i));
}

std::string OrderBy(const UserQuery& q) {
  const char* dir = q.descending ? " DESC" : " ASC";
  switch (q.order) {
    case OrderField::kEmail:
      return std::string(" ORDER BY u.email") + dir;
    case OrderField::kDateJoined:
      return std::string(" ORDER BY u.date_joined") + dir + ", u.id" + dir;
    case OrderField::kLastLogin:
      // Users who never logged in go last either way, on both engines.
      return std::string(
                 " ORDER BY CASE WHEN u.last_login IS NULL THEN 1 ELSE 0 END, u.last_login") +
             dir + ", u.id" + dir;
  }
  return " ORDER BY u.id";
}

// On PostgreSQL a search finds its matches first (through the trigram index) and sorts only
// those: OFFSET 0 keeps the planner from merging the two. Left to itself it may walk the
// ordering's index and filter by the pattern, which looks cheap whenever the pattern happens to
// match a histogram bound in the statistics, and then reads most of the table.
std::string From(soci::session& s, const UserQuery& q, const Where& w) {
  if (q.search && s.get_backend_name() == "postgresql") {
    return "FROM (SELECT * FROM users u" + w.sql + " OFFSET 0) u";
  }
  return "FROM users u" + w.sql;
}

}  // namespace

std::string LikePattern(std::string_view term) {
  std::string out = "%";
  for (char c : term) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

std::vector<UserRow> ListUsers(soci::session& s, const UserQuery& q) {
  Where w = BuildWhere(q);
  long long limit = q.limit, offset = q.offset;
  long long id = 0, date_joined = 0, last_login = 0, override_limit = 0, app_count = 0;
  std::string email, user_type, customer;
  int verified = 0, staff = 0, disabled = 0, active = 0, mfa_enabled = 0;
  soci::indicator last_login_ind = soci::i_null, override_ind = soci::i_null,
                  customer_ind = soci::i_null;
  soci::statement st(s);
  st.exchange(soci::into(id));
  st.exchange(soci::into(email));
  st.exchange(soci::into(user_type));
  st.exchange(soci::into(active));
  st.exchange(soci::into(staff));
  st.exchange(soci::into(verified));
  st.exchange(soci::into(disabled));
  st.exchange(soci::into(date_joined));
  st.exchange(soci::into(last_login, last_login_ind));
  st.exchange(soci::into(override_limit, override_ind));
  st.exchange(soci::into(customer, customer_ind));
  st.exchange(soci::into(app_count));
  st.exchange(soci::into(mfa_enabled));
  BindWhere(st, w);
  st.exchange(soci::use(limit));
  st.exchange(soci::use(offset));
  st.alloc();
  st.prepare(
      "SELECT u.id, u.email, u.user_type, u.is_active, u.is_staff, u.is_verified, "
      "u.is_disabled_by_admin, u.date_joined, u.last_login, u.app_limit_override, "
      "u.stripe_customer_id, (SELECT COUNT(*) FROM apps a WHERE a.owner_id = u.id), "
      "u.mfa_enabled " +
      From(s, q, w) + OrderBy(q) + " LIMIT :limit OFFSET :offset");
  st.define_and_bind();
  st.execute();
  std::vector<UserRow> out;
  while (st.fetch()) {
    UserRow row;
    auto& u = row.user;
    u.id = id;
    u.email = email;
    u.user_type = user_type;
    u.is_active = active != 0;
    u.is_staff = staff != 0;
    u.is_verified = verified != 0;
    u.is_disabled_by_admin = disabled != 0;
    u.date_joined = date_joined;
    if (last_login_ind == soci::i_ok) u.last_login = last_login;
    if (override_ind == soci::i_ok) u.app_limit_override = override_limit;
    if (customer_ind == soci::i_ok) u.stripe_customer_id = customer;
    u.mfa_enabled = mfa_enabled != 0;
    row.app_count = app_count;
    out.push_back(std::move(row));
  }
  return out;
}

std::int64_t CountUsers(soci::session& s, const UserQuery& q) {
  Where w = BuildWhere(q);
  long long n = 0;
  soci::statement st(s);
  st.exchange(soci::into(n));
  BindWhere(st, w);
  st.alloc();
  st.prepare("SELECT COUNT(*) FROM users u" + w.sql);
  st.define_and_bind();
  st.execute(true);
  return n;
}

std::int64_t CollaborationCount(soci::session& s, std::int64_t user_id) {
  long long uid = user_id, n = 0;
  s << "SELECT COUNT(*) FROM app_members WHERE user_id = :u AND role <> 'owner'", soci::into(n),
      soci::use(uid);
  return n;
}

void SetDisabled(soci::session& s, std::int64_t user_id, bool disabled, std::int64_t now) {
  long long uid = user_id, ts = now;
  int flag = disabled;
  s << "UPDATE users SET is_disabled_by_admin = :d, updated_at = :t WHERE id = :u", soci::use(flag),
      soci::use(ts), soci::use(uid);
}

void SetAppLimitOverride(soci::session& s, std::int64_t user_id, std::optional<std::int64_t> limit,
                         std::int64_t now) {
  long long uid = user_id, ts = now, value = limit.value_or(0);
  soci::indicator ind = limit ? soci::i_ok : soci::i_null;
  s << "UPDATE users SET app_limit_override = :l, updated_at = :t WHERE id = :u",
      soci::use(value, ind), soci::use(ts), soci::use(uid);
}

void Audit(soci::session& s, std::int64_t actor_id, std::int64_t target_id,
           const std::string& action, const std::string& changes_json, std::int64_t now) {
  long long actor = actor_id, target = target_id, ts = now;
  s << "INSERT INTO audit_log (actor_id, target_user_id, action, changes, created_at) "
       "VALUES (:a, :t, :action, :c, :ts)",
      soci::use(actor), soci::use(target), soci::use(action), soci::use(changes_json),
      soci::use(ts);
}

}  // namespace plangate::admin::repo

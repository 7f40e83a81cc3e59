#include "admin/admin_repo.h"

#include "db/dialect.h"

#include <soci/soci.h>

#include <algorithm>
#include <deque>
#include <variant>

namespace plangate::admin::repo {

namespace {

// The WHERE clause of a query and the values it binds, in order. The two flags are written as
// constants, not bound: the planner can then match them to the partial index of migration 0013
// (users_flagged_idx) whatever plan it caches.
struct Where {
  std::string sql;
  std::deque<std::variant<std::string, long long>> values;  // stable addresses for soci::use
};

// Conditions beyond the filters, with the values they bind in order.
struct Extra {
  std::vector<std::string> clauses;
  std::vector<std::variant<std::string, long long>> values;
};

// The filters as one condition ("" for none). `tag` makes the placeholders' names unique when one
// statement holds two of them (SQLite binds a repeated name once).
Where Conditions(const UserQuery& q, const Extra& extra = {}, const std::string& tag = "") {
  Where w;
  std::vector<std::string> clauses;
  if (q.search && q.walk_budget == 0) {  // a walk tests the rows it reads (PageIds)
    w.values.emplace_back(LikePattern(*q.search));
    clauses.push_back("u.email LIKE :search" + tag + " ESCAPE '\\'");
  }
  if (q.user_type) {
    w.values.emplace_back(*q.user_type);
    clauses.push_back("u.user_type = :user_type" + tag);
  }
  if (q.is_disabled) {
    clauses.push_back(*q.is_disabled ? "u.is_disabled_by_admin = 1" : "u.is_disabled_by_admin = 0");
  }
  if (q.is_verified) {
    clauses.push_back(*q.is_verified ? "u.is_verified = 1" : "u.is_verified = 0");
  }
  clauses.insert(clauses.end(), extra.clauses.begin(), extra.clauses.end());
  w.values.insert(w.values.end(), extra.values.begin(), extra.values.end());
  for (std::size_t i = 0; i < clauses.size(); ++i) w.sql += (i == 0 ? "" : " AND ") + clauses[i];
  return w;
}

Where BuildWhere(const UserQuery& q, const Extra& extra = {}, const std::string& tag = "") {
  Where w = Conditions(q, extra, tag);
  if (!w.sql.empty()) w.sql = " WHERE " + w.sql;
  return w;
}

void BindWhere(soci::statement& st, Where& w) {
  for (auto& v : w.values) std::visit([&st](auto& x) { st.exchange(soci::use(x)); }, v);
}

// Ties are broken by id, so that a page boundary never splits or repeats rows. On PostgreSQL each
// ordering reads an index of migration 0013 in order; "never logged in goes last" is NULLS LAST,
// which an index gives in both directions, where SQLite keeps the portable CASE.
std::string OrderBy(soci::session& s, const UserQuery& q) {
  const char* dir = q.descending ? " DESC" : " ASC";
  switch (q.order) {
    case OrderField::kEmail:
      return std::string(" ORDER BY u.email") + dir;
    case OrderField::kDateJoined:
      return std::string(" ORDER BY u.date_joined") + dir + ", u.id" + dir;
    case OrderField::kLastLogin:
      if (db::IsPostgres(s)) {
        return std::string(" ORDER BY u.last_login") + dir + " NULLS LAST, u.id" + dir;
      }
      return std::string(
                 " ORDER BY CASE WHEN u.last_login IS NULL THEN 1 ELSE 0 END, u.last_login") +
             dir + ", u.id" + dir;
  }
  return " ORDER BY u.id";
}

// One statement of a page: the conditions that place it, the order it reads in, and the rows it
// skips.
struct Read {
  Extra extra;
  std::string order;
  long long offset = 0;
};

// How a page is read. From an offset, one statement in the list's order. From a position, one
// seek per segment of the order it crosses: the row-value comparison (key, id) > (:k, :i) is an
// index bound in both engines, and the direction of reading is the list's, or its reverse before
// a position. last_login's order has two segments, the users who logged in and then those who
// never did (NULL compares to nothing, so a seek stays inside one), which a page can straddle.
std::vector<Read> Reads(soci::session& s, const UserQuery& q) {
  if (!q.position || !KeyFits(q.order, q.position->key)) return {Read{{}, OrderBy(s, q), q.offset}};
  const Position& p = *q.position;
  const bool desc = q.descending != q.before;
  const std::string cmp = desc ? " < " : " > ";
  const std::string dir = desc ? " DESC" : " ASC";
  const long long id = p.id;
  switch (q.order) {
    case OrderField::kEmail:
      return {Read{Extra{{"u.email" + cmp + ":k"}, {std::get<std::string>(p.key)}},
                   " ORDER BY u.email" + dir}};
    case OrderField::kDateJoined:
      return {Read{Extra{{"(u.date_joined, u.id)" + cmp + "(:k, :i)"},
                         {static_cast<long long>(std::get<std::int64_t>(p.key)), id}},
                   " ORDER BY u.date_joined" + dir + ", u.id" + dir}};
    case OrderField::kLastLogin: {
      // Both parts in the (last_login, id) order: constant last_login in the second, but the
      // same order lets it read the index too.
      const std::string order = " ORDER BY u.last_login" + dir + ", u.id" + dir;
      Read logged{Extra{{"u.last_login IS NOT NULL"}, {}}, order};
      Read never{Extra{{"u.last_login IS NULL"}, {}}, order};
      if (const auto* at = std::get_if<std::int64_t>(&p.key)) {
        logged.extra =
            Extra{{"(u.last_login, u.id)" + cmp + "(:k, :i)"}, {static_cast<long long>(*at), id}};
        if (q.before) return {logged};
        return {logged, never};
      }
      never.extra.clauses.push_back("u.id" + cmp + ":i");
      never.extra.values.emplace_back(id);
      if (q.before) return {never, logged};
      return {never};
    }
  }
  return {};
}

// The ids of a page, in order. OFFSET walks the entries of an index that holds the ordering and
// the filter flags (migration 0013), so a deep page skips index entries, never table rows, and
// the per-row work (the app count) is done for the page's rows only.
//
// On PostgreSQL a search finds its matches first (through the trigram index) and sorts only
// those: OFFSET 0 keeps the planner from merging the two. Left
// to itself it may walk the ordering's index and filter by the pattern, which looks cheap whenever
// the pattern happens to match a histogram bound in the statistics, and then reads most of the
// table.
//
// A wide search's walk reads walk_budget rows in order from the ordering's index (with the other
// filters and the seek) and tests each with strpos, the same match as the pattern; the budget
// bounds it when the matches lie far down the order (in date order they often cluster).
std::string PageIds(soci::session& s, const UserQuery& q, const Where& w, const Read& read) {
  std::string from = "users u" + w.sql;
  if (q.search && q.walk_budget > 0) {
    from = "(SELECT u.id, u.email, u.date_joined, u.last_login FROM " + from + read.order +
           " LIMIT " + std::to_string(q.walk_budget) + ") u WHERE strpos(u.email, :search) > 0";
  } else if (q.search && db::IsPostgres(s)) {
    from = "(SELECT u.id, u.email, u.date_joined, u.last_login FROM " + from + " OFFSET 0) u";
  }
  return "SELECT u.id FROM " + from + read.order + " LIMIT :limit OFFSET :offset";
}

// Up to `limit` rows of one Read, appended to `out`.
void ReadRows(soci::session& s, const UserQuery& q, const Read& read, long long limit,
              std::vector<UserRow>& out) {
  Where w = BuildWhere(q, read.extra);
  long long offset = read.offset;
  long long id = 0, date_joined = 0, last_login = 0, override_limit = 0, app_count = 0;
  std::string email, user_type, customer;
  int verified = 0, staff = 0, disabled = 0, active = 0, mfa_enabled = 0, has_password = 0;
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
  st.exchange(soci::into(has_password));
  BindWhere(st, w);
  std::string term = q.search.value_or("");
  if (q.search && q.walk_budget > 0) st.exchange(soci::use(term));
  st.exchange(soci::use(limit));
  st.exchange(soci::use(offset));
  st.alloc();
  st.prepare(
      "SELECT u.id, u.email, u.user_type, u.is_active, u.is_staff, u.is_verified, "
      "u.is_disabled_by_admin, u.date_joined, u.last_login, u.app_limit_override, "
      "u.stripe_customer_id, (SELECT COUNT(*) FROM apps a WHERE a.owner_id = u.id), "
      "u.mfa_enabled, CASE WHEN u.password_hash = '' THEN 0 ELSE 1 END FROM (" +
      PageIds(s, q, w, read) + ") p JOIN users u ON u.id = p.id" + read.order);
  st.define_and_bind();
  st.execute();
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
    row.has_password = has_password != 0;
    row.app_count = app_count;
    out.push_back(std::move(row));
  }
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

std::int64_t WalkBudget(std::int64_t matches, std::int64_t users, std::int64_t rows_before_page,
                        std::int64_t page) {
  if (matches <= 0 || users <= 0) return 0;
  // In doubles: an offset near INT64_MAX times a million users overflows an integer.
  const double walked = (static_cast<double>(rows_before_page) + static_cast<double>(page)) *
                        static_cast<double>(users) / static_cast<double>(matches);
  if (walked >= static_cast<double>(matches)) return 0;
  return std::max<std::int64_t>(1000, static_cast<std::int64_t>(4 * walked));
}

Position PositionOf(const users::User& user, OrderField order) {
  switch (order) {
    case OrderField::kEmail:
      return Position{user.email, user.id};
    case OrderField::kDateJoined:
      return Position{user.date_joined, user.id};
    case OrderField::kLastLogin:
      if (user.last_login) return Position{*user.last_login, user.id};
      return Position{std::monostate{}, user.id};
  }
  return Position{std::monostate{}, user.id};
}

namespace {
// One row past the page says whether there are more.
// A walk reads only the first part of the order: a second part read after a walk that ran out of
// budget would skip the first part's matches past the budget.
UserList ReadList(soci::session& s, const UserQuery& q) {
  UserList list;
  const auto wanted = static_cast<std::size_t>(q.limit) + 1;
  for (const Read& read : Reads(s, q)) {
    if (list.rows.size() >= wanted) break;
    ReadRows(s, q, read, static_cast<long long>(wanted - list.rows.size()), list.rows);
    if (q.walk_budget > 0) break;
  }
  list.more = list.rows.size() == wanted;
  if (list.more) list.rows.pop_back();
  if (q.position && q.before) std::reverse(list.rows.begin(), list.rows.end());
  return list;
}
}  // namespace

UserList ListUsers(soci::session& s, const UserQuery& query) {
  UserQuery q = query;
  if (!q.search || !db::IsPostgres(s)) q.walk_budget = 0;  // SQLite has no strpos
  if (q.walk_budget > 0) {
    // Only a walk that found the page and the row after it is sure to have skipped nothing (every
    // row before those was tested); short of that, the budget or the part may have run out.
    UserList walked = ReadList(s, q);
    if (walked.more) return walked;
    q.walk_budget = 0;
  }
  return ReadList(s, q);
}

// Most users are enabled and verified, so a count of those would read nearly every row. It is
// counted as everyone matching the other filters minus the few disabled or unverified ones, which
// users_flagged_idx holds (the flags are 0 or 1); both counts are index-only and see one snapshot
// (one statement).
std::int64_t CountSearch(soci::session& s, const UserQuery& q) {
  UserQuery base = q;
  base.walk_budget = 0;  // counting every match is the trigram index's job
  std::vector<std::string> rare;
  if (q.is_disabled == false) {
    base.is_disabled.reset();
    rare.push_back("u.is_disabled_by_admin = 1");
  }
  if (q.is_verified == true) {
    base.is_verified.reset();
    rare.push_back("u.is_verified = 0");
  }
  Where all = BuildWhere(base);
  std::string sql = "SELECT COUNT(*) FROM users u" + all.sql;
  Where flagged;
  if (!rare.empty()) {
    std::string any = rare.size() == 1 ? rare[0] : "(" + rare[0] + " OR " + rare[1] + ")";
    flagged = BuildWhere(base, Extra{{any}, {}}, "2");
    sql = "SELECT (" + sql + ") - (SELECT COUNT(*) FROM users u" + flagged.sql + ")";
  }
  long long n = 0;
  soci::statement st(s);
  st.exchange(soci::into(n));
  BindWhere(st, all);
  BindWhere(st, flagged);
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(true);
  return n;
}

// Without a search, the count is the ledger's (migration 0014): the sum of the rows of the keys
// the filters match, whatever the number of users.
UserCount CountUsers(soci::session& s, const UserQuery& q) {
  if (q.search) return UserCount{CountSearch(s, q), 0};
  Where keys = Conditions(q);
  long long n = 0, rows = 0;
  soci::statement st(s);
  st.exchange(soci::into(n));
  st.exchange(soci::into(rows));
  BindWhere(st, keys);
  st.alloc();
  st.prepare("SELECT CAST(COALESCE(SUM(CASE WHEN " + (keys.sql.empty() ? "1 = 1" : keys.sql) +
             " THEN u.n ELSE 0 END), 0) AS BIGINT), COUNT(*) FROM user_counts u");
  st.define_and_bind();
  st.execute(true);
  return UserCount{n, rows};
}

void CompactUserCounts(soci::session& s) {
  if (db::IsPostgres(s)) {
    // One statement, one snapshot: it inserts the sums of exactly the rows it deletes. A row a
    // concurrent writer adds meanwhile stays as it is; a concurrent fold's rows are not seen.
    s << "WITH gone AS (DELETE FROM user_counts "
         "RETURNING user_type, is_verified, is_disabled_by_admin, n) "
         "INSERT INTO user_counts (user_type, is_verified, is_disabled_by_admin, n) "
         "SELECT user_type, is_verified, is_disabled_by_admin, SUM(n) FROM gone "
         "GROUP BY user_type, is_verified, is_disabled_by_admin HAVING SUM(n) <> 0";
    return;
  }
  // SQLite has no DELETE in a WITH; its write transaction keeps every other writer out.
  long long last = 0;
  s << "SELECT COALESCE(MAX(id), 0) FROM user_counts", soci::into(last);
  s << "INSERT INTO user_counts (user_type, is_verified, is_disabled_by_admin, n) "
       "SELECT user_type, is_verified, is_disabled_by_admin, SUM(n) FROM user_counts "
       "WHERE id <= :last GROUP BY user_type, is_verified, is_disabled_by_admin "
       "HAVING SUM(n) <> 0",
      soci::use(last);
  s << "DELETE FROM user_counts WHERE id <= :last", soci::use(last);
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

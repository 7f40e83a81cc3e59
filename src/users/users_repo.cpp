#include "users/users_repo.h"

#include "db/dialect.h"

#include <soci/soci.h>

#include "db/pg_pipeline.h"
#include "db/prepared.h"

namespace plangate::users {

namespace {
constexpr const char* kColumns =
    "id, email, password_hash, user_type, is_active, is_staff, is_verified, "
    "is_disabled_by_admin, date_joined, last_login, app_limit_override, stripe_customer_id, "
    "mfa_enabled";
// kColumns, then the number of apps the user owns.
constexpr const char* kViewSelect =
    ", (SELECT COUNT(*) FROM apps WHERE apps.owner_id = users.id) FROM users WHERE id = ";

// Column buffers for one users row, bound with SOCI's typed intos so the same code reads both
// engines' integer types.
struct Row {
  long long id = 0;
  std::string email, password_hash, user_type;
  int is_active = 0, is_staff = 0, is_verified = 0, is_disabled = 0;
  long long date_joined = 0, last_login = 0, app_limit_override = 0;
  std::string stripe_customer_id;
  int mfa_enabled = 0;
  soci::indicator last_login_ind = soci::i_null, override_ind = soci::i_null,
                  customer_ind = soci::i_null;

  // Copies out of buffers a statement reuses; moves out of a row read once.
  User ToUser() const& { return Build(*this); }
  User ToUser() && { return Build(std::move(*this)); }

 private:
  template <typename Self>
  static User Build(Self&& r) {
    User u;
    u.id = r.id;
    u.email = std::forward<Self>(r).email;
    u.password_hash = std::forward<Self>(r).password_hash;
    u.user_type = std::forward<Self>(r).user_type;
    u.is_active = r.is_active != 0;
    u.is_staff = r.is_staff != 0;
    u.is_verified = r.is_verified != 0;
    u.is_disabled_by_admin = r.is_disabled != 0;
    u.date_joined = r.date_joined;
    if (r.last_login_ind == soci::i_ok) u.last_login = r.last_login;
    if (r.override_ind == soci::i_ok) u.app_limit_override = r.app_limit_override;
    if (r.customer_ind == soci::i_ok)
      u.stripe_customer_id = std::forward<Self>(r).stripe_customer_id;
    u.mfa_enabled = r.mfa_enabled != 0;
    return u;
  }
};

// Binds r to the kColumns of a one-off (s << ...) statement or a db::Query.
template <typename Statement>
Statement& IntoRow(Statement& q, Row& r) {
  q, soci::into(r.id), soci::into(r.email), soci::into(r.password_hash), soci::into(r.user_type),
      soci::into(r.is_active), soci::into(r.is_staff), soci::into(r.is_verified),
      soci::into(r.is_disabled), soci::into(r.date_joined),
      soci::into(r.last_login, r.last_login_ind), soci::into(r.app_limit_override, r.override_ind),
      soci::into(r.stripe_customer_id, r.customer_ind), soci::into(r.mfa_enabled);
  return q;
}

template <typename T>
std::optional<User> SelectOne(soci::session& s, const std::string& where, const T& key) {
  Row r;
  {
    auto q = s << "SELECT " << kColumns << " FROM users WHERE " << where;
    IntoRow(q, r), soci::use(key);
  }  // a one-off statement runs when its last copy goes
  if (!s.got_data()) return std::nullopt;
  return std::move(r).ToUser();
}

struct ViewById {
  Row row;
  long long app_count = 0;
  long long key = 0;
  static std::string Sql() { return std::string("SELECT ") + kColumns + kViewSelect + ":id"; }
  void Bind(db::Query& q) { IntoRow(q, row), soci::into(app_count), soci::use(key); }
};
struct UserById {
  Row row;
  long long id = 0;
  static std::string Sql() {
    return std::string("SELECT ") + kColumns + " FROM users WHERE id = :id";
  }
  void Bind(db::Query& q) { IntoRow(q, row), soci::use(id); }
};
}  // namespace

std::optional<User> FindById(soci::session& s, std::int64_t id) {
  // Kept: every refresh and every write route that reads its user takes this.
  return db::RunKept<UserById>(s, [&](UserById& b, soci::statement& st) -> std::optional<User> {
    b.id = id;
    st.execute(true);
    if (!st.got_data()) return std::nullopt;
    return b.row.ToUser();
  });
}

std::optional<UserView> FindViewById(soci::session& s, std::int64_t id) {
  return db::RunKept<ViewById>(s, [&](ViewById& b, soci::statement& st) -> std::optional<UserView> {
    b.key = id;
    st.execute(true);
    if (!st.got_data()) return std::nullopt;
    return ViewOf(b.row.ToUser(), b.app_count, 0);
  });
}

const db::PgStatement& ViewByIdStatement() {
  static const db::PgStatement statement{"plangate_user_view",
                                         std::string("SELECT ") + kColumns + kViewSelect + "$1", 1};
  return statement;
}

std::optional<UserView> ViewFromRow(const db::PgRow& row) {
  if (row.columns() != 14) return std::nullopt;
  bool ok = true;
  auto integer = [&](int column) -> long long {
    auto value = row.Int(column);
    ok = ok && value;
    return value.value_or(0);
  };
  Row r;
  r.id = integer(0);
  r.email = row.Text(1);
  r.password_hash = row.Text(2);
  r.user_type = row.Text(3);
  r.is_active = static_cast<int>(integer(4));
  r.is_staff = static_cast<int>(integer(5));
  r.is_verified = static_cast<int>(integer(6));
  r.is_disabled = static_cast<int>(integer(7));
  r.date_joined = integer(8);
  auto optional = [&](int column, auto& value, soci::indicator& indicator) {
    indicator = row.IsNull(column) ? soci::i_null : soci::i_ok;
    if (indicator != soci::i_ok) return;
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) {
      value = row.Text(column);
    } else {
      value = integer(column);
    }
  };
  optional(9, r.last_login, r.last_login_ind);
  optional(10, r.app_limit_override, r.override_ind);
  optional(11, r.stripe_customer_id, r.customer_ind);
  r.mfa_enabled = static_cast<int>(integer(12));
  const long long app_count = integer(13);
  if (!ok) return std::nullopt;
  return ViewOf(std::move(r).ToUser(), app_count, 0);
}

std::optional<User> FindByEmail(soci::session& s, const std::string& email) {
  return SelectOne(s, "email = :email", email);
}

std::optional<User> FindByIdForUpdate(soci::session& s, std::int64_t id) {
  long long key = id;
  return SelectOne(s, "id = :id" + std::string(db::LockClause(s, db::RowLock::kForUpdate)), key);
}

std::int64_t Insert(soci::session& s, const User& u, std::int64_t now) {
  long long id = 0;
  int staff = u.is_staff, verified = u.is_verified;
  long long ts = now;
  s << "INSERT INTO users (email, password_hash, user_type, is_staff, is_verified, date_joined, "
       "updated_at) VALUES (:email, :hash, :type, :staff, :verified, :joined, :updated) "
       "RETURNING id",
      soci::use(u.email), soci::use(u.password_hash), soci::use(u.user_type), soci::use(staff),
      soci::use(verified), soci::use(ts), soci::use(ts), soci::into(id);
  return id;
}

void SetLastLogin(soci::session& s, std::int64_t id, std::int64_t now) {
  long long key = id, ts = now;
  s << "UPDATE users SET last_login = :ts WHERE id = :id", soci::use(ts), soci::use(key);
}

void SetVerified(soci::session& s, std::int64_t id, std::int64_t now) {
  long long key = id, ts = now;
  s << "UPDATE users SET is_verified = 1, updated_at = :ts WHERE id = :id", soci::use(ts),
      soci::use(key);
}

void SetPasswordHash(soci::session& s, std::int64_t id, const std::string& hash, std::int64_t now) {
  long long key = id, ts = now;
  s << "UPDATE users SET password_hash = :h, updated_at = :ts WHERE id = :id", soci::use(hash),
      soci::use(ts), soci::use(key);
}

void SetStaff(soci::session& s, std::int64_t id, bool staff, std::int64_t now) {
  long long key = id, ts = now;
  int flag = staff;
  s << "UPDATE users SET is_staff = :s, is_verified = 1, updated_at = :ts WHERE id = :id",
      soci::use(flag), soci::use(ts), soci::use(key);
}

void Delete(soci::session& s, std::int64_t id) {
  long long key = id;
  s << "DELETE FROM users WHERE id = :id", soci::use(key);
}

}  // namespace plangate::users

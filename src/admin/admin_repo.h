#pragma once
// SQL for the staff views of users: a filtered, ordered, paginated listing, per-user counts and
// the audit trail.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "users/user.h"

namespace soci {
class session;
}

namespace plangate::admin::repo {

enum class OrderField { kEmail, kDateJoined, kLastLogin };

// A place in the list's order: a row's sort key (its email, date_joined, or last_login with
// monostate for never) and its id.
struct Position {
  std::variant<std::monostate, std::int64_t, std::string> key;
  std::int64_t id = 0;
};
Position PositionOf(const users::User& user, OrderField order);
// Whether `key` is the kind of sort key `order` has (text, a time, or a time or none). Inline: the
// request parser (no database) asks it too.
inline bool KeyFits(OrderField order,
                    const std::variant<std::monostate, std::int64_t, std::string>& key) {
  switch (order) {
    case OrderField::kEmail:
      return std::holds_alternative<std::string>(key);
    case OrderField::kDateJoined:
      return std::holds_alternative<std::int64_t>(key);
    case OrderField::kLastLogin:
      return !std::holds_alternative<std::string>(key);
  }
  return false;
}

struct UserQuery {
  std::optional<std::string> search;  // email substring, already lower-cased
  std::optional<std::string> user_type;
  std::optional<bool> is_disabled;
  std::optional<bool> is_verified;
  OrderField order = OrderField::kDateJoined;
  bool descending = true;
  std::int64_t limit = 20;
  std::int64_t offset = 0;  // without a position
  // With one, the page is the `limit` rows right after it (or right before it), found by seeking
  // the ordering's index: the same cost at any depth. Its key must fit the order (KeyFits).
  std::optional<Position> position;
  bool before = false;
  // A search matching a large share of the users (> 0, PostgreSQL): its page is first looked for
  // among the next walk_budget rows of the ordering's index, each tested, rather than by reading
  // every match and sorting them; if they hold too few, it is read the usual way.
  std::int64_t walk_budget = 0;
};

// The walk_budget of a search with `matches` among `users` for a page of `page` rows after
// `rows_before_page`: several times the rows a walk tests if the matches are spread evenly
// ((rows_before_page + page) * users / matches), or 0 when that is no fewer than the matches
// (then reading them all is cheaper).
std::int64_t WalkBudget(std::int64_t matches, std::int64_t users, std::int64_t rows_before_page,
                        std::int64_t page);

struct UserRow {
  users::User user;  // password_hash is not read: has_password says whether there is one
  std::int64_t app_count = 0;
  bool has_password = false;
};

struct UserList {
  std::vector<UserRow> rows;  // in the list's order
  bool more = false;          // rows lie beyond them in the direction they were read
};
UserList ListUsers(soci::session& s, const UserQuery& q);
struct UserCount {
  std::int64_t users = 0;
  // Rows of the user_counts ledger read to count them (0 for a search, which reads users): many
  // means it is time for CompactUserCounts.
  std::int64_t ledger_rows = 0;
};
UserCount CountUsers(soci::session& s, const UserQuery& q);
// Folds the user_counts ledger into one row per key (migration 0014), in the caller's write
// transaction; counts stay exact throughout.
void CompactUserCounts(soci::session& s);
std::int64_t CollaborationCount(soci::session& s, std::int64_t user_id);

void SetDisabled(soci::session& s, std::int64_t user_id, bool disabled, std::int64_t now);
void SetAppLimitOverride(soci::session& s, std::int64_t user_id, std::optional<std::int64_t> limit,
                         std::int64_t now);
void Audit(soci::session& s, std::int64_t actor_id, std::int64_t target_id,
           const std::string& action, const std::string& changes_json, std::int64_t now);

// LIKE pattern for a substring search, with %, _ and the escape character escaped.
std::string LikePattern(std::string_view term);

}  // namespace plangate::admin::repo

#include "billing/customer_updates_repo.h"

#include <soci/soci.h>

#include "db/prepared.h"

namespace plangate::billing::customer_updates {

void Enqueue(soci::session& s, std::int64_t user_id, const std::string& customer_id,
             std::int64_t now) {
  long long uid = user_id, ts = now;
  s << "INSERT INTO stripe_customer_updates (user_id, customer_id, created_at, next_attempt_at) "
       "VALUES (:u, :c, :ts, :next)",
      soci::use(uid), soci::use(customer_id), soci::use(ts), soci::use(ts);
}

std::vector<Claimed> Claim(soci::session& s, std::int64_t now, int limit, int lease_seconds,
                           bool postgres) {
  long long ts = now, lease_until = now + lease_seconds;
  std::string sql =
      "UPDATE stripe_customer_updates SET next_attempt_at = :lease, attempts = attempts + 1 "
      "WHERE id IN (SELECT id FROM stripe_customer_updates WHERE done_at IS NULL AND "
      "next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT " +
      std::to_string(limit) + (postgres ? " FOR UPDATE SKIP LOCKED" : "") +
      ") RETURNING id, attempts, user_id, customer_id";
  Claimed row;
  long long id = 0, user_id = 0;
  int attempts = 0;
  soci::statement st = (db::Query(s, sql), soci::use(lease_until), soci::use(ts), soci::into(id),
                        soci::into(attempts), soci::into(user_id), soci::into(row.customer_id))
                           .Build();
  std::vector<Claimed> out;
  st.execute();
  while (st.fetch()) {
    row.id = id;
    row.attempts = attempts;
    row.user_id = user_id;
    out.push_back(row);
  }
  return out;
}

std::optional<std::string> CurrentEmail(soci::session& s, std::int64_t user_id,
                                        const std::string& customer_id) {
  long long uid = user_id;
  std::string email;
  s << "SELECT email FROM users WHERE id = :u AND stripe_customer_id = :c", soci::use(uid),
      soci::use(customer_id), soci::into(email);
  if (!s.got_data()) return std::nullopt;
  return email;
}

void MarkDone(soci::session& s, std::int64_t id, std::int64_t now) {
  long long key = id, ts = now;
  s << "UPDATE stripe_customer_updates SET done_at = :ts, last_error = NULL WHERE id = :id",
      soci::use(ts), soci::use(key);
}

void MarkFailed(soci::session& s, std::int64_t id, std::int64_t next_attempt_at,
                const std::string& error) {
  long long key = id, next = next_attempt_at;
  std::string trimmed = error.substr(0, 500);
  s << "UPDATE stripe_customer_updates SET next_attempt_at = :next, last_error = :err "
       "WHERE id = :id",
      soci::use(next), soci::use(trimmed), soci::use(key);
}

}  // namespace plangate::billing::customer_updates

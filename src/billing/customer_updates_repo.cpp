#include "billing/customer_updates_repo.h"

#include <soci/soci.h>

#include "db/prepared.h"
#include "db/work_queue.h"

namespace plangate::billing::customer_updates {

void Enqueue(soci::session& s, std::int64_t user_id, const std::string& customer_id,
             std::int64_t now) {
  long long uid = user_id, ts = now;
  s << "INSERT INTO stripe_customer_updates (user_id, customer_id, created_at, next_attempt_at) "
       "VALUES (:u, :c, :ts, :next)",
      soci::use(uid), soci::use(customer_id), soci::use(ts), soci::use(ts);
}

std::vector<Claimed> Claim(soci::session& s, std::int64_t now, int limit, int lease_seconds) {
  long long ts = now, lease_until = now + lease_seconds;
  std::string sql = db::work_queue::ClaimDueSql(s, "stripe_customer_updates", "done_at", limit,
                                                "id, attempts, user_id, customer_id");
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
  db::work_queue::Reschedule(s, "stripe_customer_updates", id, next_attempt_at, error);
}

}  // namespace plangate::billing::customer_updates

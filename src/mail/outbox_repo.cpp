#include "mail/outbox_repo.h"

#include <soci/soci.h>

#include "db/prepared.h"
#include "db/work_queue.h"

namespace plangate::mail::outbox {

void Enqueue(soci::session& s, const OutgoingEmail& e, std::int64_t now) {
  long long ts = now;
  int discard = e.discard ? 1 : 0;
  s << "INSERT INTO email_outbox (to_address, subject, body_text, body_html, created_at, "
       "next_attempt_at, discard) VALUES (:to, :subject, :text, :html, :created, :next, :discard)",
      soci::use(e.to), soci::use(e.subject), soci::use(e.text), soci::use(e.html), soci::use(ts),
      soci::use(ts), soci::use(discard);
}

std::vector<Claimed> Claim(soci::session& s, std::int64_t now, int limit, int lease_seconds) {
  long long ts = now, lease_until = now + lease_seconds;
  std::string sql = db::work_queue::ClaimDueSql(
      s, "email_outbox", "sent_at", limit,
      "id, attempts, to_address, subject, body_text, body_html, discard");
  Claimed row;
  long long id = 0;
  int attempts = 0, discard = 0;
  soci::statement st =
      (db::Query(s, sql), soci::use(lease_until), soci::use(ts), soci::into(id),
       soci::into(attempts), soci::into(row.email.to), soci::into(row.email.subject),
       soci::into(row.email.text), soci::into(row.email.html), soci::into(discard))
          .Build();
  std::vector<Claimed> out;
  st.execute();
  while (st.fetch()) {
    row.id = id;
    row.attempts = attempts;
    row.email.discard = discard != 0;
    out.push_back(row);
  }
  return out;
}

void MarkSent(soci::session& s, std::int64_t id, std::int64_t now) {
  long long key = id, ts = now;
  s << "UPDATE email_outbox SET sent_at = :ts, body_text = '', body_html = '', last_error = NULL "
       "WHERE id = :id",
      soci::use(ts), soci::use(key);
}

void MarkFailed(soci::session& s, std::int64_t id, std::int64_t next_attempt_at,
                const std::string& error) {
  db::work_queue::Reschedule(s, "email_outbox", id, next_attempt_at, error);
}

std::int64_t PendingCount(soci::session& s) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NULL", soci::into(n);
  return n;
}

}  // namespace plangate::mail::outbox

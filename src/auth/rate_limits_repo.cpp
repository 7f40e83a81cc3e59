#include "auth/rate_limits_repo.h"

namespace plangate::auth::rate_limits {

Step Attempt(soci::session& s, const std::string& bucket, long long now_ms, long long slack_ms,
             long long interval_ms) {
  long long first = now_ms + interval_ms, tat = 0;
  int allowed = 0;
  // One round trip: concurrent attempts on any instance are serialised on the bucket's row, each
  // seeing the previous one's arrival time. Every SET expression reads the row as it was, so both
  // decide on the same old value.
  s << "INSERT INTO rate_limits (bucket, tat_ms, allowed) VALUES (:b, :first, 1) "
       "ON CONFLICT (bucket) DO UPDATE SET tat_ms = CASE "
       "WHEN rate_limits.tat_ms > :slack THEN rate_limits.tat_ms "
       "WHEN rate_limits.tat_ms > :now THEN rate_limits.tat_ms + :interval "
       "ELSE :first_again END, "
       "allowed = CASE WHEN rate_limits.tat_ms > :slack_again THEN 0 ELSE 1 END "
       "RETURNING tat_ms, allowed",
      soci::use(bucket), soci::use(first), soci::use(slack_ms), soci::use(now_ms),
      soci::use(interval_ms), soci::use(first), soci::use(slack_ms), soci::into(tat),
      soci::into(allowed);
  return {tat, allowed != 0};
}

void PurgeBefore(soci::session& s, long long before_ms) {
  s << "DELETE FROM rate_limits WHERE tat_ms < :t", soci::use(before_ms);
}

}  // namespace plangate::auth::rate_limits

#include "auth/rate_limiter.h"

#include <soci/soci.h>

#include <algorithm>

#include "core/crypto.h"
#include "http/errors.h"

namespace plangate::auth {

RateLimiter::RateLimiter(db::Database& db, const core::Clock& clock, const logging::Logger& logger,
                         bool enabled)
    : db_(db), clock_(clock), logger_(logger), enabled_(enabled) {}

void RateLimiter::Hit(std::string_view scope, std::string_view key, const app::RateLimit& limit,
                      const core::RequestMeta& request) {
  if (!enabled_ || limit.limit <= 0) return;
  // GCRA in milliseconds: one attempt per `interval`, with bursts of up to `limit` attempts.
  const long long now = clock_.Now() * 1000;
  const long long window = static_cast<long long>(limit.window_seconds) * 1000;
  const long long interval = std::max<long long>(1, window / limit.limit);
  // The attempt passes when max(tat, now) + interval <= now + window, that is when
  // tat <= now + window - interval ("slack"), as interval <= window.
  const long long slack = now + window - interval, first = now + interval;
  std::string bucket = std::string(scope) + ":" + core::Sha256Hex(key).substr(0, 32);
  long long tat = 0;
  int allowed = 0;
  // One atomic upsert, one round trip: concurrent attempts on any instance are serialised on the
  // bucket's row, each seeing the previous one's arrival time. Every SET expression reads the
  // row as it was, so both decide on the same old value. A refused attempt leaves the arrival
  // time alone: it was not let in.
  db_.Run([&](soci::session& s) {
    s << "INSERT INTO rate_limits (bucket, tat_ms, allowed) VALUES (:b, :first, 1) "
         "ON CONFLICT (bucket) DO UPDATE SET tat_ms = CASE "
         "WHEN rate_limits.tat_ms > :slack THEN rate_limits.tat_ms "
         "WHEN rate_limits.tat_ms > :now THEN rate_limits.tat_ms + :interval "
         "ELSE :first_again END, "
         "allowed = CASE WHEN rate_limits.tat_ms > :slack_again THEN 0 ELSE 1 END "
         "RETURNING tat_ms, allowed",
        soci::use(bucket), soci::use(first), soci::use(slack), soci::use(now), soci::use(interval),
        soci::use(first), soci::use(slack), soci::into(tat), soci::into(allowed);
  });
  if (allowed) return;
  // The next attempt passes once max(tat, then) + interval <= then + window.
  long long wait_ms = tat + interval - window - now;
  long long retry_after = std::max<long long>(1, (wait_ms + 999) / 1000);
  logger_.Warn("auth.rate_limited",
               {{"scope", scope}, {"retry_after", retry_after}, {"ip", request.client_ip}},
               request.request_id);
  throw http::ApiError(429, "RATE_LIMITED", "Too many attempts. Try again later.",
                       {{"retry_after", retry_after}})
      .WithHeader("Retry-After", std::to_string(retry_after));
}

void PurgeExpiredRateLimits(db::Database& db, std::int64_t before) {
  long long ts = before * 1000;
  db.Run(
      [&](soci::session& s) { s << "DELETE FROM rate_limits WHERE tat_ms < :t", soci::use(ts); });
}

}  // namespace plangate::auth

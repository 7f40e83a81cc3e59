#include "auth/rate_limiter.h"

#include <soci/soci.h>

#include "app/crypto.h"
#include "http/errors.h"

namespace plangate::auth {

RateLimiter::RateLimiter(db::Database& db, const app::Clock& clock, const logging::Logger& logger,
                         bool enabled)
    : db_(db), clock_(clock), logger_(logger), enabled_(enabled) {}

void RateLimiter::Hit(std::string_view scope, std::string_view key, const app::RateLimit& limit,
                      const http::Request& request) {
  if (!enabled_ || limit.limit <= 0) return;
  const long long now = clock_.Now();
  const long long window_start = now - now % limit.window_seconds;
  std::string bucket = std::string(scope) + ":" + app::Sha256Hex(key).substr(0, 32);
  long long hits = 0;
  // One atomic upsert: concurrent attempts on any instance each get their own count.
  db_.Run([&](soci::session& s) {
    s << "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (:b, :w, 1) "
         "ON CONFLICT (bucket) DO UPDATE SET "
         "hits = CASE WHEN rate_limits.window_start = excluded.window_start "
         "THEN rate_limits.hits + 1 ELSE 1 END, "
         "window_start = excluded.window_start RETURNING hits",
        soci::use(bucket), soci::use(window_start), soci::into(hits);
  });
  if (hits <= limit.limit) return;
  long long retry_after = std::max<long long>(1, window_start + limit.window_seconds - now);
  logger_.Warn("auth.rate_limited",
               {{"scope", scope}, {"retry_after", retry_after}, {"ip", request.client_ip}},
               request.request_id);
  throw http::ApiError(429, "RATE_LIMITED", "Too many attempts. Try again later.",
                       {{"retry_after", retry_after}})
      .WithHeader("Retry-After", std::to_string(retry_after));
}

void PurgeExpiredRateLimits(db::Database& db, std::int64_t before) {
  long long ts = before;
  db.Run([&](soci::session& s) {
    s << "DELETE FROM rate_limits WHERE window_start < :t", soci::use(ts);
  });
}

}  // namespace plangate::auth

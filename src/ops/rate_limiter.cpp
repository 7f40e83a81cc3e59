#include "ops/rate_limiter.h"

#include <soci/soci.h>

#include <algorithm>

#include "core/crypto.h"
#include "core/log_events.h"
#include "http/errors.h"
#include "ops/rate_limits_repo.h"

namespace plangate::ops {

RateLimiter::RateLimiter(db::Database& db, const core::Clock& clock, const logging::Logger& logger,
                         bool enabled)
    : db_(db), clock_(clock), logger_(logger), enabled_(enabled) {}

void RateLimiter::Hit(std::string_view scope, std::string_view key, const core::RateLimit& limit,
                      const core::RequestMeta& request) {
  if (!enabled_ || limit.limit <= 0) return;
  // GCRA in milliseconds: one attempt per `interval`, with bursts of up to `limit` attempts.
  const long long now = clock_.Now() * 1000;
  const long long window = static_cast<long long>(limit.window_seconds) * 1000;
  const long long interval = std::max<long long>(1, window / limit.limit);
  // The attempt passes when max(tat, now) + interval <= now + window, that is when
  // tat <= now + window - interval ("slack"), as interval <= window.
  const long long slack = now + window - interval;
  std::string bucket = std::string(scope) + ":" + core::Sha256Hex(key).substr(0, 32);
  // A refused attempt leaves the arrival time alone: it was not let in.
  auto step = db_.Run(
      [&](soci::session& s) { return rate_limits::Attempt(s, bucket, now, slack, interval); });
  if (step.allowed) return;
  // The next attempt passes once max(tat, then) + interval <= then + window.
  long long wait_ms = step.tat_ms + interval - window - now;
  long long retry_after = std::max<long long>(1, (wait_ms + 999) / 1000);
  logger_.Warn(logging::events::kAuthRateLimited,
               {{"scope", scope}, {"retry_after", retry_after}, {"ip", request.client_ip}},
               request.request_id);
  throw http::ApiError(core::errors::kRateLimited, "Too many attempts. Try again later.",
                       {{"retry_after", retry_after}})
      .WithHeader("Retry-After", std::to_string(retry_after));
}

void PurgeExpiredRateLimits(db::Database& db, std::int64_t before) {
  db.Run([&](soci::session& s) { rate_limits::PurgeBefore(s, before * 1000); });
}

}  // namespace plangate::ops

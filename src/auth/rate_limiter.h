#pragma once
// Rate limits by GCRA (the generic cell rate algorithm): "N per window" lets N attempts through
// at once and then one every window / N, in any window, with no clock-aligned edge to burst
// across. Each bucket's state (its theoretical arrival time) lives in the database, so every
// instance that shares it shares them; a check is one statement.

#include <string>
#include <string_view>

#include "app/config.h"
#include "core/clock.h"
#include "core/logging.h"
#include "core/request_meta.h"
#include "db/database.h"

namespace plangate::auth {

class RateLimiter {
 public:
  RateLimiter(db::Database& db, const core::Clock& clock, const logging::Logger& logger,
              bool enabled);

  // One attempt for (scope, key); throws 429 RATE_LIMITED with Retry-After (when the next attempt
  // would pass) when it exceeds the limit. The key is stored only as a hash.
  void Hit(std::string_view scope, std::string_view key, const app::RateLimit& limit,
           const core::RequestMeta& request);

 private:
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  bool enabled_;
};

// Drops buckets whose arrival time is before `before` (they can no longer limit anything).
void PurgeExpiredRateLimits(db::Database& db, std::int64_t before);

}  // namespace plangate::auth

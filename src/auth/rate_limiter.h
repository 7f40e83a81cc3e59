#pragma once
// Fixed-window rate limits whose counters live in the database, so every instance that shares it
// shares them. Every attempt counts, allowed or not.

#include <string>
#include <string_view>

#include "app/clock.h"
#include "app/config.h"
#include "app/logging.h"
#include "db/database.h"
#include "http/message.h"

namespace plangate::auth {

class RateLimiter {
 public:
  RateLimiter(db::Database& db, const app::Clock& clock, const logging::Logger& logger,
              bool enabled);

  // Counts one attempt for (scope, key); throws 429 RATE_LIMITED with Retry-After when the
  // window's limit is exceeded. The key is stored only as a hash.
  void Hit(std::string_view scope, std::string_view key, const app::RateLimit& limit,
           const http::Request& request);

 private:
  db::Database& db_;
  const app::Clock& clock_;
  const logging::Logger& logger_;
  bool enabled_;
};

// Drops counters whose window started before `before` (they can no longer limit anything).
void PurgeExpiredRateLimits(db::Database& db, std::int64_t before);

}  // namespace plangate::auth

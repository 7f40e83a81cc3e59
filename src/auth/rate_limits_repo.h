#pragma once
// SQL of the rate limiter's buckets (rate_limits): one GCRA step as one atomic upsert, and the
// purge of buckets that can no longer limit anything.

#include <soci/soci.h>

#include <cstdint>
#include <string>

namespace plangate::auth::rate_limits {

struct Step {
  long long tat_ms = 0;  // the bucket's theoretical arrival time after this attempt
  bool allowed = false;
};

// One attempt on `bucket` at now_ms: passes when the arrival time is at most slack_ms; a passing
// attempt moves it by interval_ms (from now_ms when it lay in the past), a refused one leaves it.
Step Attempt(soci::session& s, const std::string& bucket, long long now_ms, long long slack_ms,
             long long interval_ms);

void PurgeBefore(soci::session& s, long long before_ms);

}  // namespace plangate::auth::rate_limits

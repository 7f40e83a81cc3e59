#pragma once
// Email change: a link to the new address, a notice to the old one, and on confirmation the
// address changed, the other sessions and reset links ended, and the Stripe customer's email
// queued to follow. No answer tells whether the new address has an account.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "users/app_quota.h"
#include "auth/passwords.h"
#include "auth/user.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/request_meta.h"
#include "db/database.h"
#include "ops/rate_limiter.h"

namespace plangate::auth {

// The contract's lifetime of an email-change link.
inline constexpr std::int64_t kEmailChangeTtlSeconds = 24 * 3600;

class EmailChangeService {
 public:
  // mail_queued: mail was queued; stripe_queued: a Stripe customer update was queued.
  EmailChangeService(const core::Config& config, db::Database& db, const core::Clock& clock,
                     const logging::Logger& logger, const PasswordHasher& hasher,
                     ops::RateLimiter& limiter, AppQuota quota, std::function<void()> mail_queued,
                     std::function<void()> stripe_queued);

  // new_email is already trimmed, lower-cased and well-formed.
  void Request(const core::RequestMeta& req, std::int64_t user_id, const std::string& new_email,
               const std::string& password);
  // refresh_token: the cookie that came with the call, whose family survives.
  UserView Confirm(const core::RequestMeta& req, const std::string& token,
                   const std::optional<std::string>& refresh_token);

 private:
  bool Postgres() const { return db_.engine() == db::Engine::kPostgres; }

  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  const PasswordHasher& hasher_;
  ops::RateLimiter& limiter_;
  AppQuota quota_;
  std::function<void()> mail_queued_;
  std::function<void()> stripe_queued_;
};

}  // namespace plangate::auth

#pragma once
// Email change: a link to the new address, a notice to the old one, and on confirmation the
// address changed, the other sessions and reset links ended, and the Stripe customer's email
// queued to follow. No answer tells whether the new address has an account.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "auth/passwords.h"
#include "auth/user.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/request_meta.h"
#include "db/database.h"
#include "ops/rate_limiter.h"
#include "users/app_quota.h"

namespace plangate::auth {

// The contract's lifetime of an email-change link.
inline constexpr std::int64_t kEmailChangeTtlSeconds = 24 * 3600;

// What another feature does when an address changed (billing: queue the Stripe customer's
// update): queue, inside the change's transaction (the user as it was before), and say whether it
// queued anything; then, once committed, wake whatever sends it.
struct EmailChangedFollowUp {
  std::function<bool(soci::session&, const User& user, std::int64_t now)> queue;
  std::function<void()> queued;
};

class EmailChangeService {
 public:
  // mail_queued: mail was queued.
  EmailChangeService(const core::Config& config, db::Database& db, const core::Clock& clock,
                     const logging::Logger& logger, const PasswordHasher& hasher,
                     ops::RateLimiter& limiter, AppQuota quota, std::function<void()> mail_queued,
                     EmailChangedFollowUp follow_up);

  // new_email is already trimmed, lower-cased and well-formed.
  void Request(const core::RequestMeta& req, std::int64_t user_id, const std::string& new_email,
               const std::string& password);
  // refresh_token: the cookie that came with the call, whose family survives.
  UserView Confirm(const core::RequestMeta& req, const std::string& token,
                   const std::optional<std::string>& refresh_token);

 private:
  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  const PasswordHasher& hasher_;
  ops::RateLimiter& limiter_;
  AppQuota quota_;
  std::function<void()> mail_queued_;
  EmailChangedFollowUp follow_up_;
};

}  // namespace plangate::auth

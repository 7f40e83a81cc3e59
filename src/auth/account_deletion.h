#pragma once
// DELETE /auth/me: the user removes their own account. The live Stripe subscription is cancelled
// first (by billing, through a hook the composition root provides, so auth knows no billing); if
// that fails nothing is deleted. Then one transaction deletes the user row, and with it (foreign
// keys, ON DELETE CASCADE) the apps they own, those apps' memberships and invitations, their
// memberships elsewhere, sessions, tokens and subscriptions; the goodbye mail is queued in it.
// A user with a password confirms with it; one without (signed up with a provider) with a sign-in
// at most kReauthenticationWindow old, shown by the refresh cookie sent with the call.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "auth/mfa_service.h"
#include "auth/passwords.h"
#include "auth/requests.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/request_meta.h"
#include "db/database.h"
#include "ops/rate_limiter.h"

namespace plangate::auth {

class AccountDeletion {
 public:
  // Cancels the user's live subscription at once, if any; throws (an ApiError, e.g. 502) when it
  // cannot, which stops the deletion.
  using CancelBilling = std::function<void(const core::RequestMeta& req, std::int64_t user_id)>;

  AccountDeletion(const core::Config& config, db::Database& db, const core::Clock& clock,
                  const logging::Logger& logger, const PasswordHasher& hasher,
                  ops::RateLimiter& limiter, MfaService& mfa, CancelBilling cancel_billing,
                  std::function<void()> mail_queued);

  // How recent a sign-in must be for a user without a password to delete the account.
  static constexpr std::int64_t kReauthenticationWindow = 600;

  void Delete(const core::RequestMeta& req, std::int64_t user_id, const DeleteAccountRequest& in);

 private:
  bool SignedInRecently(std::int64_t user_id, const std::optional<std::string>& refresh_token,
                        std::int64_t now) const;

  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  const PasswordHasher& hasher_;
  ops::RateLimiter& limiter_;
  MfaService& mfa_;
  CancelBilling cancel_billing_;
  std::function<void()> mail_queued_;
};

}  // namespace plangate::auth

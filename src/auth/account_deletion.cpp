#include "auth/account_deletion.h"

#include <soci/soci.h>

#include "auth/devices_repo.h"
#include "auth/mfa_errors.h"
#include "core/crypto.h"
#include "core/log_events.h"
#include "http/errors.h"
#include "mail/outbox_repo.h"
#include "mail/templates.h"
#include "users/users_repo.h"

namespace plangate::auth {

using http::ApiError;

AccountDeletion::AccountDeletion(const core::Config& config, db::Database& db,
                                 const core::Clock& clock, const logging::Logger& logger,
                                 const PasswordHasher& hasher, ops::RateLimiter& limiter,
                                 MfaService& mfa, CancelBilling cancel_billing,
                                 std::function<void()> mail_queued)
    : config_(config),
      db_(db),
      clock_(clock),
      logger_(logger),
      hasher_(hasher),
      limiter_(limiter),
      mfa_(mfa),
      cancel_billing_(std::move(cancel_billing)),
      mail_queued_(std::move(mail_queued)) {}

void AccountDeletion::Delete(const core::RequestMeta& req, std::int64_t user_id,
                             const DeleteAccountRequest& in) {
  // Every try costs an argon2id hash and tests the password: the password-change limits apply.
  limiter_.Hit("account_delete:ip", req.client_ip, config_.password_change_per_ip, req);
  limiter_.Hit("account_delete:user", std::to_string(user_id), config_.password_change_per_user,
               req);
  auto user = db_.Run([&](soci::session& s) { return users::FindById(s, user_id); });
  if (!user) throw ApiError(core::errors::kNotAuthenticated, "User not found.");
  // A staff account is removed by another admin, never by itself: the last admin could otherwise
  // lock everyone out of the admin routes.
  if (user->is_staff) {
    throw ApiError(core::errors::kPermissionDenied, "A staff account cannot delete itself.");
  }
  const std::int64_t now = clock_.Now();
  if (user->HasPassword()) {
    if (!in.password) throw ApiError::ValidationField("password", "This field is required.");
    if (!hasher_.Verify(user->password_hash, *in.password)) {
      throw ApiError::ValidationField("password", "The password is incorrect.");
    }
  } else if (!SignedInRecently(user_id, in.refresh_token, now)) {
    // Without a password, only a fresh sign-in with the provider shows it is the person: a
    // stolen access token alone must not be enough to delete an account.
    throw ApiError(core::errors::kReauthenticationRequired,
                   "Sign in again to confirm it is you, then delete the account within " +
                       std::to_string(kReauthenticationWindow / 60) + " minutes.");
  }
  // A wrong code must stop the deletion before Stripe is told anything.
  if (!mfa_.SecondFactorWouldPass(user_id, in.factor, now)) {
    logger_.Info(logging::events::kAuthMfaChallengeFailed,
                 {{"user_id", user_id}, {"context", "account_delete"}, {"ip", req.client_ip}},
                 req.request_id);
    throw InvalidMfaCode();
  }
  // Stripe first: a subscription that outlived its account would keep charging someone who can
  // no longer sign in to cancel it.
  cancel_billing_(req, user_id);
  SecondFactorCheck check = SecondFactorCheck::kNotEnabled;
  db_.Transaction([&](soci::session& s) {
    // Spent for good here; a concurrent call that used the same code meanwhile makes it a replay.
    check = mfa_.CheckSecondFactor(s, user_id, in.factor, now);
    if (check == SecondFactorCheck::kRejected) throw InvalidMfaCode();
    users::Delete(s, user_id);
    mail::outbox::Enqueue(s, mail::AccountDeleted(user->email, config_.frontend_url), now);
  });
  mfa_.LogSecondFactor(req, user_id, check, "account_delete");
  mail_queued_();
  logger_.Info(logging::events::kAuthAccountDeleted, {{"user_id", user_id}, {"ip", req.client_ip}},
               req.request_id);
}

bool AccountDeletion::SignedInRecently(std::int64_t user_id,
                                       const std::optional<std::string>& refresh_token,
                                       std::int64_t now) const {
  if (!refresh_token || refresh_token->empty() || refresh_token->size() > kMaxTokenLength) {
    return false;
  }
  auto signed_in_at = db_.Run([&](soci::session& s) {
    return devices::SignedInAtOfLiveToken(s, user_id, core::Sha256Hex(*refresh_token), now);
  });
  return signed_in_at && now - *signed_in_at <= kReauthenticationWindow;
}

}  // namespace plangate::auth

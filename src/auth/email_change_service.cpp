#include "auth/email_change_service.h"

#include <soci/soci.h>

#include "auth/auth_errors.h"
#include "auth/devices_repo.h"
#include "auth/email_change_repo.h"
#include "auth/email_tokens_repo.h"
#include "auth/sessions_repo.h"
#include "core/crypto.h"
#include "core/log_events.h"
#include "http/errors.h"
#include "mail/account_templates.h"
#include "mail/outbox_repo.h"
#include "users/users_repo.h"

namespace plangate::auth {

using http::ApiError;

EmailChangeService::EmailChangeService(const core::Config& config, db::Database& db,
                                       const core::Clock& clock, const logging::Logger& logger,
                                       const PasswordHasher& hasher, ops::RateLimiter& limiter,
                                       AppQuota quota, std::function<void()> mail_queued,
                                       EmailChangedFollowUp follow_up)
    : config_(config),
      db_(db),
      clock_(clock),
      logger_(logger),
      hasher_(hasher),
      limiter_(limiter),
      quota_(std::move(quota)),
      mail_queued_(std::move(mail_queued)),
      follow_up_(std::move(follow_up)) {}

void EmailChangeService::Request(const core::RequestMeta& req, std::int64_t user_id,
                                 const std::string& new_email, const std::string& password) {
  // Every try costs an argon2id hash and sends two mails: limited like password/change, in
  // buckets of its own.
  limiter_.Hit("email_change:ip", req.client_ip, config_.password_change_per_ip, req);
  limiter_.Hit("email_change:user", std::to_string(user_id), config_.password_change_per_user, req);
  auto user = db_.Run([&](soci::session& s) { return users::FindById(s, user_id); });
  if (!user) {
    throw ApiError(core::errors::kNotAuthenticated, "User not found.")
        .WithHeader("WWW-Authenticate", "Bearer");
  }
  boost::json::object errors;
  if (!hasher_.Verify(user->password_hash, password)) {
    errors["password"] = boost::json::array{"The password is incorrect."};
  }
  if (new_email == user->email) {
    errors["new_email"] = boost::json::array{"This is already your email address."};
  }
  if (!errors.empty()) throw ApiError::Validation(std::move(errors));

  const std::int64_t now = clock_.Now();
  // Both answers write the same kind of rows and queue two mails, so neither the answer nor its
  // work tells whether the new address has an account.
  const bool taken = db_.Transaction([&](soci::session& s) {
    // The newest request is the one that counts: earlier links die.
    email_change::UseAll(s, user_id, now);
    auto other = users::FindByEmail(s, new_email);
    if (other) {
      mail::outbox::Enqueue(s, mail::EmailChangeAddressTaken(new_email, config_.frontend_url), now);
    } else {
      std::string token = core::RandomToken(32);
      email_change::Insert(s, user_id, new_email, core::Sha256Hex(token), now,
                           now + kEmailChangeTtlSeconds);
      mail::outbox::Enqueue(s,
                            mail::EmailChangeConfirm(new_email, config_.frontend_url, token,
                                                     kEmailChangeTtlSeconds / 3600),
                            now);
    }
    mail::outbox::Enqueue(
        s, mail::EmailChangeRequested(user->email, new_email, config_.frontend_url), now);
    return other.has_value();
  });
  if (mail_queued_) mail_queued_();
  logger_.Info(logging::events::kAuthEmailChangeRequested,
               {{"user_id", user_id}, {"address_taken", taken}, {"ip", req.client_ip}},
               req.request_id);
}

UserView EmailChangeService::Confirm(const core::RequestMeta& req, const std::string& token,
                                     const std::optional<std::string>& refresh_token) {
  limiter_.Hit("email_change_confirm:ip", req.client_ip, config_.verify_per_ip, req);
  enum class Outcome { kInvalid, kDisabled, kTaken, kChanged };
  const std::int64_t now = clock_.Now();
  const std::string token_hash = core::Sha256Hex(token);
  Outcome outcome = Outcome::kInvalid;
  UserView view;
  bool stripe_queued = false, kept_session = false;
  try {
    db_.Transaction([&](soci::session& s) {
      // Locked (or, on SQLite, inside the one writer's transaction): of two confirms of one
      // token, the second finds it used.
      auto pending = email_change::FindUsable(s, token_hash, now);
      if (!pending) return;
      auto user = users::FindById(s, pending->user_id);
      if (!user) return;
      if (!user->CanAuthenticate()) {
        outcome = Outcome::kDisabled;
        return;
      }
      auto holder = users::FindByEmail(s, pending->new_email);
      if (holder && holder->id != user->id) {
        outcome = Outcome::kTaken;
        return;
      }
      email_change::UseAll(s, user->id, now);
      email_change::SetUserEmail(s, user->id, pending->new_email, now);
      std::string keep_family;
      if (PlausibleRefreshCookie(refresh_token)) {
        keep_family = devices::FamilyOfToken(s, user->id, core::Sha256Hex(*refresh_token));
      }
      kept_session = !keep_family.empty();
      sessions::RevokeAllForUser(s, user->id, now, keep_family);
      // A reset link mailed to the old address must not take the account back.
      email_tokens::UseAll(s, user->id, email_tokens::kPasswordReset, now);
      if (follow_up_.queue) stripe_queued = follow_up_.queue(s, *user, now);
      auto read = users::FindViewById(s, user->id);
      if (!read) return;
      view = std::move(*read);
      outcome = Outcome::kChanged;
    });
  } catch (const std::exception& e) {
    // A registration (or another change) took the address between the check and the update.
    if (!db::IsUniqueViolation(e)) throw;
    outcome = Outcome::kTaken;
  }
  switch (outcome) {
    case Outcome::kChanged:
      break;
    case Outcome::kDisabled:
      throw AccountDisabled();
    case Outcome::kTaken:
      logger_.Info(logging::events::kAuthEmailChangeFailed,
                   {{"reason", "email_taken"}, {"ip", req.client_ip}}, req.request_id);
      throw ApiError(core::errors::kEmailTaken,
                     "This email address is already in use by another account.");
    case Outcome::kInvalid:
      throw InvalidLink();
  }
  if (stripe_queued && follow_up_.queued) follow_up_.queued();
  view.app_limit = quota_.limit(view.user);
  logger_.Info(logging::events::kAuthEmailChanged,
               {{"user_id", view.user.id},
                {"kept_current_session", kept_session},
                {"stripe_update_queued", stripe_queued},
                {"ip", req.client_ip}},
               req.request_id);
  return view;
}

}  // namespace plangate::auth

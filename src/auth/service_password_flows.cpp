// AuthService's password flows: forgot, reset (a mailed link), change (signed in).
#include <soci/soci.h>

#include "auth/auth_errors.h"
#include "auth/email_change_repo.h"
#include "auth/email_tokens_repo.h"
#include "auth/service.h"
#include "auth/sessions_repo.h"
#include "core/crypto.h"
#include "core/log_events.h"
#include "mail/outbox_repo.h"
#include "mail/templates.h"
#include "users/users_repo.h"

namespace plangate::auth {

using http::ApiError;

void AuthService::ForgotPassword(const core::RequestMeta& req, const std::string& email) {
  limiter_.Hit("forgot:ip", req.client_ip, config_.forgot_per_ip, req);
  limiter_.Hit("forgot:email", email, config_.forgot_per_email, req);
  const std::int64_t now = clock_.Now();
  // Both answers do the same work, so that timing does not tell whether the account exists: a
  // token and the mail are made either way, and written in a write transaction; for an unknown
  // address the mail is queued to be dropped unsent (and no token row can exist without a user).
  auto user_id = db_.Transaction([&](soci::session& s) -> std::optional<std::int64_t> {
    auto user = users::FindByEmail(s, email);
    std::string token = core::RandomToken(32);
    std::string token_hash = core::Sha256Hex(token);
    mail::OutgoingEmail message =
        mail::PasswordReset(email, config_.frontend_url, token, config_.password_reset_ttl / 60);
    message.discard = !user;
    if (user) {
      email_tokens::Insert(s, user->id, email_tokens::kPasswordReset, token_hash, now,
                           now + config_.password_reset_ttl);
    }
    mail::outbox::Enqueue(s, message, now);
    return user ? std::optional<std::int64_t>(user->id) : std::nullopt;
  });
  Enqueued();
  logger_.Info(logging::events::kAuthPasswordResetRequested,
               {{"user_id", user_id ? boost::json::value(*user_id) : boost::json::value(nullptr)},
                {"ip", req.client_ip}},
               req.request_id);
}

void AuthService::ResetPassword(const core::RequestMeta& req, const std::string& token,
                                const std::string& new_password) {
  limiter_.Hit("reset:ip", req.client_ip, config_.reset_per_ip, req);
  const std::int64_t now = clock_.Now();
  const std::string token_hash = core::Sha256Hex(token);
  // Look first (no lock) to learn whose password it is, hash outside the transaction, then
  // re-check and apply atomically.
  auto owner = db_.Run([&](soci::session& s) -> std::optional<User> {
    auto found = email_tokens::FindUsable(s, email_tokens::kPasswordReset, token_hash, now,
                                          db::RowLock::kNone);
    if (!found) return std::nullopt;
    return users::FindById(s, found->user_id);
  });
  if (!owner) throw InvalidLink();
  auto problems = PasswordProblems(new_password, owner->email);
  if (!problems.empty()) {
    throw ApiError::Validation({{"new_password", PasswordMessages(problems)}});
  }
  std::string hash = hasher_.Hash(new_password);
  bool applied = db_.Transaction([&](soci::session& s) {
    auto found = email_tokens::FindUsable(s, email_tokens::kPasswordReset, token_hash, now,
                                          db::RowLock::kForUpdate);
    if (!found || found->user_id != owner->id) return false;
    users::SetPasswordHash(s, owner->id, hash, now);
    users::SetVerified(s, owner->id, now);  // the reset link proved the address
    email_tokens::UseAll(s, owner->id, email_tokens::kPasswordReset, now);
    // An address change asked for from a session this reset ends must not go through later.
    email_change::UseAll(s, owner->id, now);
    sessions::RevokeAllForUser(s, owner->id, now);
    mail::outbox::Enqueue(s, mail::PasswordChanged(owner->email, config_.frontend_url), now);
    return true;
  });
  if (!applied) throw InvalidLink();
  Enqueued();
  logger_.Info(logging::events::kAuthPasswordResetCompleted,
               {{"user_id", owner->id}, {"ip", req.client_ip}}, req.request_id);
}

void AuthService::ChangePassword(const core::RequestMeta& req, std::int64_t user_id,
                                 const std::string& current_password,
                                 const std::string& new_password,
                                 const std::optional<std::string>& refresh_token) {
  // Like login: every try costs an argon2id hash, and a stolen access token must not become an
  // unlimited oracle for the current password.
  limiter_.Hit("password_change:ip", req.client_ip, config_.password_change_per_ip, req);
  limiter_.Hit("password_change:user", std::to_string(user_id), config_.password_change_per_user,
               req);
  auto user = db_.Run([&](soci::session& s) { return users::FindById(s, user_id); });
  if (!user) throw NotAuthenticated("User not found.");
  boost::json::object errors;
  if (!hasher_.Verify(user->password_hash, current_password)) {
    errors["current_password"] = boost::json::array{"The current password is incorrect."};
  }
  auto problems = PasswordProblems(new_password, user->email);
  if (!problems.empty()) {
    errors["new_password"] = PasswordMessages(problems);
  }
  if (!errors.empty()) throw ApiError::Validation(std::move(errors));
  std::string hash = hasher_.Hash(new_password);
  const std::int64_t now = clock_.Now();
  db_.Transaction([&](soci::session& s) {
    users::SetPasswordHash(s, user_id, hash, now);
    // Keep the session this request came from (its cookie), end every other one.
    std::string keep_family;
    if (PlausibleRefreshCookie(refresh_token)) {
      auto current = sessions::FindByHash(s, core::Sha256Hex(*refresh_token), db::RowLock::kNone);
      if (current && current->user_id == user_id && !current->revoked_at) {
        keep_family = current->family_id;
      }
    }
    sessions::RevokeAllForUser(s, user_id, now, keep_family);
    // A reset link mailed before the change would otherwise undo it (and whoever read that
    // mail could still take the account back).
    email_tokens::UseAll(s, user_id, email_tokens::kPasswordReset, now);
    email_change::UseAll(s, user_id, now);  // likewise a pending address change
    mail::outbox::Enqueue(s, mail::PasswordChanged(user->email, config_.frontend_url), now);
  });
  Enqueued();
  logger_.Info(logging::events::kAuthPasswordChanged, {{"user_id", user_id}, {"ip", req.client_ip}},
               req.request_id);
}

}  // namespace plangate::auth

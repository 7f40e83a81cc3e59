#pragma once
// Accounts and sessions: every Auth rule of the contract. Handlers parse and render; this class
// decides. Database work runs in transactions; email is queued in the same transaction as the
// change that causes it.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/password_policy.h"
#include "auth/passwords.h"
#include "auth/user.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/logging.h"
#include "db/database.h"
#include "ops/rate_limiter.h"

namespace plangate::auth {

struct IssuedTokens {
  std::string access;
  int expires_in = 0;
  std::string refresh;  // raw; only ever sent in the cookie
  UserView user;
};

class AuthService {
 public:
  AuthService(const core::Config& config, db::Database& db, const core::Clock& clock,
              const logging::Logger& logger, const PasswordHasher& hasher,
              const CommonPasswordCheck& common, ops::RateLimiter& limiter, AppQuota quota,
              std::function<void()> mail_queued);

  // Request fields are validated by the handlers; these check the rules.
  void Register(const core::RequestMeta& req, const std::string& email,
                const std::string& password);
  void VerifyEmail(const core::RequestMeta& req, const std::string& token);
  void ResendVerification(const core::RequestMeta& req, const std::string& email);
  IssuedTokens Login(const core::RequestMeta& req, const std::string& email,
                     const std::string& password);
  IssuedTokens Refresh(const core::RequestMeta& req,
                       const std::optional<std::string>& refresh_token);
  void Logout(const core::RequestMeta& req, const std::optional<std::string>& refresh_token,
              bool all);
  void ForgotPassword(const core::RequestMeta& req, const std::string& email);
  void ResetPassword(const core::RequestMeta& req, const std::string& token,
                     const std::string& new_password);
  void ChangePassword(const core::RequestMeta& req, std::int64_t user_id,
                      const std::string& current_password, const std::string& new_password,
                      const std::optional<std::string>& refresh_token);

  // The end of every successful sign-in (login, or login + second factor, mfa/verify): stamps
  // last_login and starts a new refresh family. Inside the caller's write transaction; then
  // LogLogin after the commit. `second_factor` is "" for a password-only login.
  IssuedTokens CompleteLogin(soci::session& s, const core::RequestMeta& req, User& user,
                             std::int64_t now);
  void LogLogin(const core::RequestMeta& req, std::int64_t user_id,
                std::string_view second_factor) const;
  // The first factor passed for a user with two-factor sign-in on: a new mfa_token (stored
  // hashed, 5 minutes) for POST mfa/verify. Inside the caller's write transaction.
  std::string StartSecondFactor(soci::session& s, std::int64_t user_id, std::int64_t now);

  std::vector<std::string> PasswordProblems(const std::string& password,
                                            const std::string& email) const;
  // For `plangate createsuperuser`: creates a verified staff user, or promotes an existing one.
  std::int64_t CreateSuperuser(const std::string& email, const std::string& password);

 private:
  // parent: the rotated row; nullopt starts a family (a sign-in), which records req's client IP
  // and User-Agent for GET sessions.
  IssuedTokens Issue(soci::session& s, const core::RequestMeta& req, const User& user,
                     const std::string& family, std::optional<std::int64_t> parent,
                     std::int64_t now);
  std::string AccessToken(const User& user, std::int64_t now) const;
  UserView View(soci::session& s, const User& user);
  void Enqueued();

  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  const PasswordHasher& hasher_;
  const CommonPasswordCheck& common_;
  ops::RateLimiter& limiter_;
  AppQuota quota_;
  std::function<void()> mail_queued_;
};

}  // namespace plangate::auth

#pragma once
// Two-factor sign-in (contract v1.1): TOTP setup and confirmation, the login's second step,
// recovery codes, turning it off. Handlers parse and render; this class decides. Every accepted
// code is recorded in the same transaction as the change it allows, so it counts as used only
// when that change commits.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/mfa_requests.h"
#include "auth/passwords.h"
#include "auth/service.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/request_meta.h"
#include "db/database.h"
#include "ops/rate_limiter.h"

namespace plangate::auth {

struct TotpSetup {
  std::string secret;  // base32; shown this once, in no response or log line after
  std::string otpauth_uri;
};

// What CheckSecondFactor found.
enum class SecondFactorCheck {
  kNotEnabled,    // the user has two-factor sign-in off: nothing to check, nothing spent
  kTotp,          // a fresh TOTP code matched; its step is now recorded
  kRecoveryCode,  // a recovery code matched; it is now deleted
  kRejected,      // no match (wrong, malformed, replayed, or neither field sent)
};

class MfaService {
 public:
  MfaService(const core::Config& config, db::Database& db, const core::Clock& clock,
             const logging::Logger& logger, const PasswordHasher& hasher, ops::RateLimiter& limiter,
             AuthService& auth, std::function<void()> mail_queued);

  TotpSetup StartSetup(const core::RequestMeta& req, std::int64_t user_id,
                       const std::string& password);
  // Returns the 10 recovery codes.
  std::vector<std::string> Confirm(const core::RequestMeta& req, std::int64_t user_id,
                                   const std::string& code,
                                   const std::optional<std::string>& refresh_token);
  IssuedTokens Verify(const core::RequestMeta& req, const std::string& mfa_token,
                      const SecondFactor& factor);
  std::vector<std::string> RegenerateRecoveryCodes(const core::RequestMeta& req,
                                                   std::int64_t user_id,
                                                   const std::string& password,
                                                   const std::string& code);
  void Disable(const core::RequestMeta& req, std::int64_t user_id, const std::string& password,
               const SecondFactor& factor, const std::optional<std::string>& refresh_token);

  // Checks the caller's second factor (a TOTP code, else a recovery code) and spends it on
  // success: for routes that re-authenticate a user (DELETE /auth/me). Call it inside the write
  // transaction that makes the change, so the code is spent exactly when the change commits (it
  // locks the user's two-factor row); on kRejected it has written nothing, and the caller answers
  // InvalidMfaCode() (auth/mfa_errors.h). Then LogSecondFactor after the commit.
  SecondFactorCheck CheckSecondFactor(soci::session& s, std::int64_t user_id,
                                      const SecondFactor& factor, std::int64_t now);
  // What CheckSecondFactor would say now, spending and locking nothing: for a route that must
  // refuse a wrong code before an outside call it cannot undo (DELETE /auth/me cancels at Stripe).
  // A concurrent call may still spend the code first; CheckSecondFactor in the write decides.
  bool SecondFactorWouldPass(std::int64_t user_id, const SecondFactor& factor, std::int64_t now);
  // The event of a spent recovery code (auth.mfa.recovery_code_used); nothing for other checks.
  void LogSecondFactor(const core::RequestMeta& req, std::int64_t user_id, SecondFactorCheck check,
                       std::string_view context) const;

 private:
  // The user, with a right password; else VALIDATION_ERROR on `password`.
  User RequirePassword(const core::RequestMeta& req, std::int64_t user_id,
                       const std::string& password);
  void Enqueued();
  enum class Mode { kPeek, kSpend };
  SecondFactorCheck JudgeSecondFactor(soci::session& s, std::int64_t user_id,
                                      const SecondFactor& factor, std::int64_t now, Mode mode);

  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  const PasswordHasher& hasher_;
  ops::RateLimiter& limiter_;
  AuthService& auth_;
  std::function<void()> mail_queued_;
};

}  // namespace plangate::auth

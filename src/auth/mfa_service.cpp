#include "auth/mfa_service.h"

#include <soci/soci.h>

#include "auth/auth_errors.h"
#include "auth/mfa_errors.h"
#include "auth/mfa_repo.h"
#include "auth/sessions_repo.h"
#include "auth/totp.h"
#include "core/crypto.h"
#include "core/log_events.h"
#include "http/errors.h"
#include "mail/outbox_repo.h"
#include "mail/templates.h"
#include "users/users_repo.h"

namespace plangate::auth {

using http::ApiError;

namespace {

// Authenticator apps show "123 456": the space is not part of the code.
std::string WithoutSpaces(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c != ' ') out += c;
  }
  return out;
}

std::vector<std::string> Hashes(const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  for (const auto& code : codes) out.push_back(core::Sha256Hex(*totp::NormalizeRecoveryCode(code)));
  return out;
}

// "The user's other sessions": every family but the one whose refresh cookie came with the call.
void RevokeOtherSessions(soci::session& s, std::int64_t user_id,
                         const std::optional<std::string>& refresh_token, std::int64_t now) {
  std::string keep_family;
  if (refresh_token && !refresh_token->empty() && refresh_token->size() <= 256) {
    auto current = sessions::FindByHash(s, core::Sha256Hex(*refresh_token), db::RowLock::kNone);
    if (current && current->user_id == user_id && !current->revoked_at) {
      keep_family = current->family_id;
    }
  }
  sessions::RevokeAllForUser(s, user_id, now, keep_family);
}

}  // namespace

MfaService::MfaService(const core::Config& config, db::Database& db, const core::Clock& clock,
                       const logging::Logger& logger, const PasswordHasher& hasher,
                       ops::RateLimiter& limiter, AuthService& auth,
                       std::function<void()> mail_queued)
    : config_(config),
      db_(db),
      clock_(clock),
      logger_(logger),
      hasher_(hasher),
      limiter_(limiter),
      auth_(auth),
      mail_queued_(std::move(mail_queued)) {}

void MfaService::Enqueued() {
  if (mail_queued_) mail_queued_();
}

User MfaService::RequirePassword(const core::RequestMeta& req, std::int64_t user_id,
                                 const std::string& password) {
  auto user = db_.Run([&](soci::session& s) { return users::FindById(s, user_id); });
  if (!user) {
    throw ApiError(core::errors::kNotAuthenticated, "User not found.")
        .WithHeader("WWW-Authenticate", "Bearer");
  }
  // Hashed outside any transaction: no connection is held during argon2id.
  if (!hasher_.Verify(user->password_hash, password)) {
    logger_.Info(logging::events::kAuthMfaPasswordRejected,
                 {{"user_id", user_id}, {"ip", req.client_ip}}, req.request_id);
    throw ApiError::ValidationField("password", "The password is incorrect.");
  }
  return *user;
}

SecondFactorCheck MfaService::JudgeSecondFactor(soci::session& s, std::int64_t user_id,
                                                const SecondFactor& factor, std::int64_t now,
                                                Mode mode) {
  const bool spend = mode == Mode::kSpend;
  auto state = mfa::Find(s, user_id, spend ? db::RowLock::kForUpdate : db::RowLock::kNone);
  if (!state || !state->secret) return SecondFactorCheck::kNotEnabled;
  if (factor.code) {
    auto step = totp::MatchingStep(*state->secret, now, WithoutSpaces(*factor.code));
    if (!step || !totp::StepIsFresh(*step, state->last_step)) return SecondFactorCheck::kRejected;
    if (spend) mfa::SetLastStep(s, user_id, *step, now);
    return SecondFactorCheck::kTotp;
  }
  if (factor.recovery_code) {
    auto canonical = totp::NormalizeRecoveryCode(*factor.recovery_code);
    if (!canonical) return SecondFactorCheck::kRejected;
    const std::string hash = core::Sha256Hex(*canonical);
    if (spend ? mfa::UseRecoveryCode(s, user_id, hash) : mfa::HasRecoveryCode(s, user_id, hash)) {
      return SecondFactorCheck::kRecoveryCode;
    }
  }
  return SecondFactorCheck::kRejected;
}

SecondFactorCheck MfaService::CheckSecondFactor(soci::session& s, std::int64_t user_id,
                                                const SecondFactor& factor, std::int64_t now) {
  return JudgeSecondFactor(s, user_id, factor, now, Mode::kSpend);
}

bool MfaService::SecondFactorWouldPass(std::int64_t user_id, const SecondFactor& factor,
                                       std::int64_t now) {
  return db_.Run([&](soci::session& s) {
    return JudgeSecondFactor(s, user_id, factor, now, Mode::kPeek) != SecondFactorCheck::kRejected;
  });
}

void MfaService::LogSecondFactor(const core::RequestMeta& req, std::int64_t user_id,
                                 SecondFactorCheck check, std::string_view context) const {
  if (check != SecondFactorCheck::kRecoveryCode) return;
  logger_.Info(logging::events::kAuthMfaRecoveryCodeUsed,
               {{"user_id", user_id}, {"context", context}, {"ip", req.client_ip}}, req.request_id);
}

TotpSetup MfaService::StartSetup(const core::RequestMeta& req, std::int64_t user_id,
                                 const std::string& password) {
  limiter_.Hit("mfa:user", std::to_string(user_id), config_.mfa_per_user, req);
  User user = RequirePassword(req, user_id, password);
  if (user.mfa_enabled) throw MfaAlreadyEnabled();
  const std::int64_t now = clock_.Now();
  TotpSetup setup;
  setup.secret = totp::NewSecret();
  db_.Transaction([&](soci::session& s) {
    auto state = mfa::Find(s, user_id, db::RowLock::kForUpdate);
    if (state && state->secret) throw MfaAlreadyEnabled();  // confirmed meanwhile
    mfa::SetPending(s, user_id, setup.secret, now);
  });
  setup.otpauth_uri = totp::OtpauthUri(config_.mfa_issuer, user.email, setup.secret);
  logger_.Info(logging::events::kAuthMfaSetupStarted, {{"user_id", user_id}, {"ip", req.client_ip}},
               req.request_id);
  return setup;
}

std::vector<std::string> MfaService::Confirm(const core::RequestMeta& req, std::int64_t user_id,
                                             const std::string& code,
                                             const std::optional<std::string>& refresh_token) {
  limiter_.Hit("mfa:user", std::to_string(user_id), config_.mfa_per_user, req);
  const std::int64_t now = clock_.Now();
  std::vector<std::string> codes = totp::NewRecoveryCodes();
  db_.Transaction([&](soci::session& s) {
    auto state = mfa::Find(s, user_id, db::RowLock::kForUpdate);
    if (state && state->secret) throw MfaAlreadyEnabled();
    if (!state || !state->pending_secret) {
      throw MfaSetupRequired("Start the setup first (POST mfa/totp/setup).");
    }
    auto step = totp::MatchingStep(*state->pending_secret, now, WithoutSpaces(code));
    if (!step || !totp::StepIsFresh(*step, state->last_step)) throw InvalidMfaCode();
    auto user = users::FindById(s, user_id);
    if (!user) throw InvalidMfaCode();
    mfa::Enable(s, user_id, *step, now);
    mfa::ReplaceRecoveryCodes(s, user_id, Hashes(codes), now);
    RevokeOtherSessions(s, user_id, refresh_token, now);
    mail::outbox::Enqueue(s, mail::MfaEnabled(user->email, config_.frontend_url), now);
  });
  Enqueued();
  logger_.Info(logging::events::kAuthMfaEnabled, {{"user_id", user_id}, {"ip", req.client_ip}},
               req.request_id);
  return codes;
}

IssuedTokens MfaService::Verify(const core::RequestMeta& req, const std::string& mfa_token,
                                const SecondFactor& factor) {
  limiter_.Hit("mfa_verify:ip", req.client_ip, config_.mfa_verify_per_ip, req);
  enum class Outcome { kInvalidToken, kDisabled, kWrongCode, kKilled, kSignedIn };
  const std::int64_t now = clock_.Now();
  Outcome outcome = Outcome::kInvalidToken;
  std::int64_t user_id = 0;
  SecondFactorCheck check = SecondFactorCheck::kRejected;
  IssuedTokens tokens;
  // Decide and write in one transaction; a wrong code's count commits although the answer is an
  // error (raised only after the commit). The challenge row's lock makes two verifies of one
  // mfa_token take turns: the second sees it used.
  db_.Transaction([&](soci::session& s) {
    auto challenge = mfa::FindChallengeForUpdate(s, core::Sha256Hex(mfa_token));
    if (!challenge || challenge->used || challenge->expires_at <= now ||
        challenge->failures >= kMfaTokenMaxFailures) {
      return;
    }
    user_id = challenge->user_id;
    auto user = users::FindById(s, user_id);
    if (!user) return;
    // Checked before the code, so a refused call spends no code.
    if (!user->CanAuthenticate()) {
      outcome = Outcome::kDisabled;
      return;
    }
    check = CheckSecondFactor(s, user_id, factor, now);
    if (check == SecondFactorCheck::kNotEnabled) return;  // turned off since the password step
    if (check == SecondFactorCheck::kRejected) {
      const bool kill = challenge->failures + 1 >= kMfaTokenMaxFailures;
      mfa::CountChallengeFailure(s, challenge->id, kill, now);
      outcome = kill ? Outcome::kKilled : Outcome::kWrongCode;
      return;
    }
    mfa::MarkChallengeUsed(s, challenge->id, now);
    tokens = auth_.CompleteLogin(s, req, *user, now);
    outcome = Outcome::kSignedIn;
  });
  switch (outcome) {
    case Outcome::kSignedIn:
      LogSecondFactor(req, user_id, check, "login");
      auth_.LogLogin(req, user_id, check == SecondFactorCheck::kTotp ? "totp" : "recovery_code");
      return tokens;
    case Outcome::kDisabled:
      throw AccountDisabled();
    case Outcome::kWrongCode:
    case Outcome::kKilled:
      logger_.Info(logging::events::kAuthMfaChallengeFailed,
                   {{"user_id", user_id},
                    {"token_killed", outcome == Outcome::kKilled},
                    {"ip", req.client_ip}},
                   req.request_id);
      if (outcome == Outcome::kKilled) throw InvalidMfaToken();
      throw InvalidMfaCode();
    case Outcome::kInvalidToken:
      break;
  }
  throw InvalidMfaToken();
}

std::vector<std::string> MfaService::RegenerateRecoveryCodes(const core::RequestMeta& req,
                                                             std::int64_t user_id,
                                                             const std::string& password,
                                                             const std::string& code) {
  limiter_.Hit("mfa:user", std::to_string(user_id), config_.mfa_per_user, req);
  RequirePassword(req, user_id, password);
  const std::int64_t now = clock_.Now();
  std::vector<std::string> codes = totp::NewRecoveryCodes();
  db_.Transaction([&](soci::session& s) {
    switch (CheckSecondFactor(s, user_id, SecondFactor{code, std::nullopt}, now)) {
      case SecondFactorCheck::kNotEnabled:
        throw MfaSetupRequired("Two-factor sign-in is off.");
      case SecondFactorCheck::kRejected:
        throw InvalidMfaCode();
      default:
        break;
    }
    mfa::ReplaceRecoveryCodes(s, user_id, Hashes(codes), now);
  });
  logger_.Info(logging::events::kAuthMfaRecoveryCodesRegenerated,
               {{"user_id", user_id}, {"ip", req.client_ip}}, req.request_id);
  return codes;
}

void MfaService::Disable(const core::RequestMeta& req, std::int64_t user_id,
                         const std::string& password, const SecondFactor& factor,
                         const std::optional<std::string>& refresh_token) {
  limiter_.Hit("mfa:user", std::to_string(user_id), config_.mfa_per_user, req);
  User user = RequirePassword(req, user_id, password);
  const std::int64_t now = clock_.Now();
  SecondFactorCheck check = db_.Transaction([&](soci::session& s) {
    SecondFactorCheck result = CheckSecondFactor(s, user_id, factor, now);
    if (result == SecondFactorCheck::kNotEnabled) {
      throw MfaSetupRequired("Two-factor sign-in is off.");
    }
    if (result == SecondFactorCheck::kRejected) throw InvalidMfaCode();
    mfa::Disable(s, user_id, now);
    RevokeOtherSessions(s, user_id, refresh_token, now);
    mail::outbox::Enqueue(s, mail::MfaDisabled(user.email, config_.frontend_url, false), now);
    return result;
  });
  Enqueued();
  LogSecondFactor(req, user_id, check, "disable");
  logger_.Info(logging::events::kAuthMfaDisabled,
               {{"user_id", user_id}, {"by", "user"}, {"ip", req.client_ip}}, req.request_id);
}

}  // namespace plangate::auth

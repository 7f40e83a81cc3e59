#include "auth/service.h"

#include <soci/soci.h>

#include "auth/auth_errors.h"
#include "auth/devices.h"
#include "auth/email_change_repo.h"
#include "auth/email_tokens_repo.h"
#include "auth/jwt.h"
#include "auth/mfa_errors.h"
#include "auth/mfa_repo.h"
#include "auth/sessions_repo.h"
#include "core/crypto.h"
#include "core/log_events.h"
#include "http/errors.h"
#include "mail/outbox_repo.h"
#include "mail/templates.h"
#include "users/users_repo.h"

namespace plangate::auth {

using http::ApiError;

namespace {

boost::json::value UserIdOrNull(const std::optional<User>& user) {
  if (!user) return nullptr;
  return user->id;
}

}  // namespace

AuthService::AuthService(const core::Config& config, db::Database& db, const core::Clock& clock,
                         const logging::Logger& logger, const PasswordHasher& hasher,
                         const CommonPasswordCheck& common, ops::RateLimiter& limiter,
                         AppQuota quota, std::function<void()> mail_queued)
    : config_(config),
      db_(db),
      clock_(clock),
      logger_(logger),
      hasher_(hasher),
      common_(common),
      limiter_(limiter),
      quota_(std::move(quota)),
      mail_queued_(std::move(mail_queued)) {}

void AuthService::Enqueued() {
  if (mail_queued_) mail_queued_();
}

std::vector<std::string> AuthService::PasswordProblems(const std::string& password,
                                                       const std::string& email) const {
  return auth::PasswordProblems(password, email, common_);
}

std::string AuthService::AccessToken(const User& user, std::int64_t now) const {
  AccessClaims claims;
  claims.sub = std::to_string(user.id);
  claims.iat = now;
  claims.exp = now + config_.access_token_ttl;
  claims.jti = core::RandomToken(16);
  return EncodeAccessToken(claims, config_.jwt_signing_key);
}

UserView AuthService::View(soci::session& s, const User& user) {
  return ViewOf(user, quota_.owned(s, user.id), quota_.limit(user));
}

IssuedTokens AuthService::Issue(soci::session& s, const core::RequestMeta& req, const User& user,
                                const std::string& family, std::optional<std::int64_t> parent,
                                std::int64_t now) {
  IssuedTokens t;
  t.refresh = core::RandomToken(32);
  sessions::SignInOrigin origin;
  if (!parent) origin = SignInOriginOf(req);
  sessions::Insert(s, user.id, family, core::Sha256Hex(t.refresh), parent, now,
                   now + config_.refresh_token_ttl, parent ? nullptr : &origin);
  t.access = AccessToken(user, now);
  t.expires_in = config_.access_token_ttl;
  t.user = View(s, user);
  return t;
}

void AuthService::Register(const core::RequestMeta& req, const std::string& email,
                           const std::string& password) {
  limiter_.Hit("register:ip", req.client_ip, config_.register_per_ip, req);
  auto problems = PasswordProblems(password, email);
  if (!problems.empty()) {
    throw ApiError::Validation({{"password", PasswordMessages(problems)}});
  }
  // Hash before touching the database: no connection is held during the 30 ms of argon2id.
  std::string hash = hasher_.Hash(password);
  const std::int64_t now = clock_.Now();
  std::optional<std::int64_t> created;
  auto already_registered = [&](soci::session& s) {
    mail::outbox::Enqueue(s, mail::AlreadyRegistered(email, config_.frontend_url), now);
  };
  try {
    db_.Transaction([&](soci::session& s) {
      if (users::FindByEmail(s, email)) {
        already_registered(s);
        return;
      }
      User user;
      user.email = email;
      user.password_hash = hash;
      created = users::Insert(s, user, now);
      std::string token = core::RandomToken(32);
      email_tokens::Insert(s, *created, email_tokens::kVerifyEmail, core::Sha256Hex(token), now,
                           now + config_.email_verification_ttl);
      mail::outbox::Enqueue(s,
                            mail::VerifyEmail(email, config_.frontend_url, token,
                                              config_.email_verification_ttl / 3600),
                            now);
    });
  } catch (const std::exception& e) {
    if (!db::IsUniqueViolation(e)) throw;
    // A concurrent registration of the same email won: answer as for an existing account.
    created.reset();
    db_.Transaction(already_registered);
  }
  Enqueued();
  logger_.Info(logging::events::kAuthRegister,
               {{"user_id", created ? boost::json::value(*created) : boost::json::value(nullptr)},
                {"new_account", created.has_value()},
                {"ip", req.client_ip}},
               req.request_id);
}

void AuthService::VerifyEmail(const core::RequestMeta& req, const std::string& token) {
  limiter_.Hit("verify:ip", req.client_ip, config_.verify_per_ip, req);
  const std::int64_t now = clock_.Now();
  auto user_id = db_.Transaction([&](soci::session& s) -> std::optional<std::int64_t> {
    auto found = email_tokens::FindUsable(s, email_tokens::kVerifyEmail, core::Sha256Hex(token),
                                          now, db::RowLock::kForUpdate);
    if (!found) return std::nullopt;
    email_tokens::UseAll(s, found->user_id, email_tokens::kVerifyEmail, now);
    users::SetVerified(s, found->user_id, now);
    return found->user_id;
  });
  if (!user_id) throw InvalidLink();
  logger_.Info(logging::events::kAuthEmailVerified, {{"user_id", *user_id}, {"ip", req.client_ip}},
               req.request_id);
}

void AuthService::ResendVerification(const core::RequestMeta& req, const std::string& email) {
  limiter_.Hit("resend:ip", req.client_ip, config_.resend_per_ip, req);
  limiter_.Hit("resend:email", email, config_.resend_per_email, req);
  const std::int64_t now = clock_.Now();
  bool sent = db_.Transaction([&](soci::session& s) {
    auto user = users::FindByEmail(s, email);
    if (!user || user->is_verified) return false;
    std::string token = core::RandomToken(32);
    email_tokens::Insert(s, user->id, email_tokens::kVerifyEmail, core::Sha256Hex(token), now,
                         now + config_.email_verification_ttl);
    mail::outbox::Enqueue(s,
                          mail::VerifyEmail(email, config_.frontend_url, token,
                                            config_.email_verification_ttl / 3600),
                          now);
    return true;
  });
  if (sent) Enqueued();
}

IssuedTokens AuthService::Login(const core::RequestMeta& req, const std::string& email,
                                const std::string& password) {
  limiter_.Hit("login:ip", req.client_ip, config_.login_per_ip, req);
  limiter_.Hit("login:email", email, config_.login_per_email, req);
  auto user = db_.Run([&](soci::session& s) { return users::FindByEmail(s, email); });
  // The password is checked first, whatever the account's state, and an unknown email costs the
  // same hash as a known one.
  bool ok = false;
  if (user && user->HasPassword()) {
    ok = hasher_.Verify(user->password_hash, password);
  } else {
    hasher_.VerifyDummy(password);
  }
  if (!ok) {
    logger_.Info(
        logging::events::kAuthLoginFailed,
        {{"reason", "invalid_credentials"}, {"user_id", UserIdOrNull(user)}, {"ip", req.client_ip}},
        req.request_id);
    throw ApiError(core::errors::kInvalidCredentials,
                   "No active account found with the given credentials.");
  }
  if (!user->is_verified) {
    logger_.Info(logging::events::kAuthLoginFailed,
                 {{"reason", "email_not_verified"}, {"user_id", user->id}, {"ip", req.client_ip}},
                 req.request_id);
    throw ApiError(core::errors::kEmailNotVerified, "Verify your email address before logging in.");
  }
  if (!user->CanAuthenticate()) {
    logger_.Info(logging::events::kAuthLoginFailed,
                 {{"reason", "account_disabled"}, {"user_id", user->id}, {"ip", req.client_ip}},
                 req.request_id);
    throw AccountDisabled();
  }
  const std::int64_t now = clock_.Now();
  if (user->mfa_enabled) {
    // The password was the first factor; the second comes through mfa/verify with this token.
    std::string mfa_token =
        db_.Transaction([&](soci::session& s) { return StartSecondFactor(s, user->id, now); });
    logger_.Info(logging::events::kAuthLoginMfaRequired,
                 {{"user_id", user->id}, {"ip", req.client_ip}}, req.request_id);
    throw MfaRequired(mfa_token);
  }
  IssuedTokens tokens =
      db_.Transaction([&](soci::session& s) { return CompleteLogin(s, req, *user, now); });
  LogLogin(req, user->id, "");
  return tokens;
}

std::string AuthService::StartSecondFactor(soci::session& s, std::int64_t user_id,
                                           std::int64_t now) {
  std::string mfa_token = core::RandomToken(32);
  mfa::PurgeExpiredChallenges(s, now - 3600);
  mfa::InsertChallenge(s, user_id, core::Sha256Hex(mfa_token), now, now + kMfaTokenTtlSeconds);
  return mfa_token;
}

IssuedTokens AuthService::CompleteLogin(soci::session& s, const core::RequestMeta& req, User& user,
                                        std::int64_t now) {
  users::SetLastLogin(s, user.id, now);
  user.last_login = now;
  return Issue(s, req, user, core::RandomToken(16), std::nullopt, now);
}

void AuthService::LogLogin(const core::RequestMeta& req, std::int64_t user_id,
                           std::string_view second_factor) const {
  boost::json::object fields{{"user_id", user_id}, {"ip", req.client_ip}};
  if (!second_factor.empty()) fields["second_factor"] = second_factor;
  logger_.Info(logging::events::kAuthLoginSucceeded, std::move(fields), req.request_id);
}

IssuedTokens AuthService::Refresh(const core::RequestMeta& req,
                                  const std::optional<std::string>& refresh_token) {
  if (!PlausibleRefreshCookie(refresh_token)) throw RefreshInvalid();
  enum class Outcome { kIssued, kInvalid, kDisabled, kReuse };
  const std::int64_t now = clock_.Now();
  Outcome outcome = Outcome::kInvalid;
  std::int64_t user_id = 0;
  IssuedTokens tokens;
  // Decide and write in one transaction, and commit a family revocation even though the answer
  // is an error: the error is raised only after the commit.
  db_.Transaction([&](soci::session& s) {
    auto session =
        sessions::FindByHash(s, core::Sha256Hex(*refresh_token), db::RowLock::kForUpdate);
    if (!session) return;
    user_id = session->user_id;
    auto user = users::FindById(s, session->user_id);
    if (!user) return;
    // A disabled account says so, even though disabling also revoked this session.
    if (!user->CanAuthenticate()) {
      outcome = Outcome::kDisabled;
      return;
    }
    if (session->revoked_at || session->expires_at <= now) return;
    if (session->rotated_at) {
      if (now - *session->rotated_at > config_.refresh_reuse_grace_seconds) {
        sessions::RevokeFamily(s, session->family_id, now);
        outcome = Outcome::kReuse;
        return;
      }
      // Two tabs refreshing at once: the late one gets a sibling; the earlier child stays valid.
    } else {
      sessions::MarkRotated(s, session->id, now);
    }
    tokens = Issue(s, req, *user, session->family_id, session->id, now);
    outcome = Outcome::kIssued;
  });
  switch (outcome) {
    case Outcome::kIssued:
      logger_.Info(logging::events::kAuthRefresh, {{"user_id", user_id}, {"ip", req.client_ip}},
                   req.request_id);
      return tokens;
    case Outcome::kDisabled:
      throw AccountDisabled();
    case Outcome::kReuse:
      logger_.Warn(logging::events::kAuthRefreshReuseDetected,
                   {{"user_id", user_id}, {"ip", req.client_ip}}, req.request_id);
      throw RefreshInvalid();
    case Outcome::kInvalid:
      break;
  }
  throw RefreshInvalid();
}

void AuthService::Logout(const core::RequestMeta& req,
                         const std::optional<std::string>& refresh_token, bool all) {
  const std::int64_t now = clock_.Now();
  std::optional<std::int64_t> user_id;
  if (PlausibleRefreshCookie(refresh_token)) {
    user_id = db_.Transaction([&](soci::session& s) -> std::optional<std::int64_t> {
      auto session = sessions::FindByHash(s, core::Sha256Hex(*refresh_token), db::RowLock::kNone);
      if (!session || session->revoked_at) return std::nullopt;
      if (all) {
        sessions::RevokeAllForUser(s, session->user_id, now);
      } else {
        sessions::RevokeFamily(s, session->family_id, now);
      }
      return session->user_id;
    });
  }
  // Logged for every logout, also one with no live session behind it (user_id null then).
  logger_.Info(logging::events::kAuthLogout,
               {{"user_id", user_id ? boost::json::value(*user_id) : boost::json::value(nullptr)},
                {"all", all},
                {"revoked", user_id.has_value()},
                {"ip", req.client_ip}},
               req.request_id);
}

std::int64_t AuthService::CreateSuperuser(const std::string& email, const std::string& password) {
  std::string hash = hasher_.Hash(password);
  const std::int64_t now = clock_.Now();
  return db_.Transaction([&](soci::session& s) {
    auto existing = users::FindByEmail(s, email);
    if (existing) {
      users::SetPasswordHash(s, existing->id, hash, now);
      users::SetStaff(s, existing->id, true, now);
      return existing->id;
    }
    User user;
    user.email = email;
    user.password_hash = hash;
    user.is_staff = true;
    user.is_verified = true;
    return users::Insert(s, user, now);
  });
}

}  // namespace plangate::auth

#include "auth/oidc_service.h"

#include <soci/soci.h>
#include <sodium.h>

#include "core/crypto.h"
#include "core/log_events.h"
#include "core/text.h"
#include "http/errors.h"
#include "users/users_repo.h"

namespace plangate::auth {

using http::ApiError;

namespace {

constexpr std::int64_t kStateTtlSeconds = 600;
constexpr std::size_t kMaxNextBytes = 2048;
constexpr std::size_t kMaxEmailBytes = 254;

// The nonce and the PKCE verifier come from the state, so that only its hash need be stored:
// HMAC-SHA256 keyed by the (32 random bytes of) state, one label each.
std::string Derived(const std::string& state, std::string_view label) {
  return core::Base64UrlEncode(core::HmacSha256(state, label));
}

std::string Sha256Raw(std::string_view data) {
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return out;
}

std::string Query(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += core::PercentEncode(k) + "=" + core::PercentEncode(v);
  }
  return out;
}

// The verified address of the token, lower-cased, or nullopt.
std::optional<std::string> VerifiedEmail(const oidc::IdTokenClaims& claims) {
  if (!claims.email || !claims.email_verified) return std::nullopt;
  std::string email = core::LowerAscii(core::Trim(*claims.email));
  auto at = email.find('@');
  if (email.empty() || email.size() > kMaxEmailBytes || at == 0 || at == std::string::npos ||
      at + 1 == email.size()) {
    return std::nullopt;
  }
  return email;
}

}  // namespace

bool SafeNextPath(std::string_view next) {
  if (next.empty() || next.size() > kMaxNextBytes || next.front() != '/') return false;
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return false;
  for (unsigned char c : next) {
    if (c < 0x20 || c == 0x7f || c == '\\') return false;
  }
  return true;
}

OidcService::OidcService(const core::Config& config, db::Database& db, const core::Clock& clock,
                         const logging::Logger& logger, ops::RateLimiter& limiter,
                         AuthService& auth)
    : config_(config), db_(db), clock_(clock), logger_(logger), limiter_(limiter), auth_(auth) {
  for (const auto& p : config_.oidc_providers) {
    clients_.push_back(std::make_unique<oidc::ProviderClient>(
        oidc::ProviderSettings{p.name, p.issuer, p.client_id, p.client_secret}));
  }
}

oidc::ProviderClient& OidcService::Client(const std::string& provider) {
  for (auto& c : clients_) {
    if (c->settings().name == provider) return *c;
  }
  throw ApiError::NotFound();
}

OidcStart OidcService::Start(const core::RequestMeta& req, const std::string& provider,
                             const std::optional<std::string>& next, const std::string& origin,
                             oidc::Deadline deadline) {
  oidc::ProviderClient& client = Client(provider);
  const std::string next_path = next && !next->empty() ? *next : "/";
  if (!SafeNextPath(next_path)) {
    throw ApiError::ValidationField("next", "Must be a path of this site, starting with one /.");
  }
  limiter_.Hit("oidc_start:ip", req.client_ip, config_.oidc_start_per_ip, req);
  const std::int64_t now = clock_.Now();
  oidc::ProviderMetadata metadata;
  try {
    metadata = client.Metadata(now, deadline);
  } catch (const oidc::ProviderError& e) {
    logger_.Warn(logging::events::kAuthOidcProviderUnreachable,
                 {{"provider", provider}, {"detail", e.what()}}, req.request_id);
    throw ApiError(core::errors::kOidcProviderError,
                   "The sign-in provider could not be reached. Try again later.");
  }
  OidcStart out;
  out.state = core::RandomToken(32);
  const std::string verifier = Derived(out.state, "pkce-verifier");
  const std::string redirect_uri = origin + "/api/v1/auth/oidc/" + provider + "/callback";
  db_.Transaction([&](soci::session& s) {
    oidc_repo::PurgeExpiredStates(s, now);
    oidc_repo::InsertState(s, core::Sha256Hex(out.state),
                           {provider, next_path, redirect_uri, now + kStateTtlSeconds}, now);
  });
  std::string scopes;
  for (const auto& c : config_.oidc_providers) {
    if (c.name == provider) scopes = c.scopes;
  }
  out.location = metadata.authorization_endpoint +
                 (metadata.authorization_endpoint.find('?') == std::string::npos ? "?" : "&") +
                 Query({{"response_type", "code"},
                        {"client_id", client.settings().client_id},
                        {"redirect_uri", redirect_uri},
                        {"scope", scopes},
                        {"state", out.state},
                        {"nonce", Derived(out.state, "nonce")},
                        {"code_challenge", core::Base64UrlEncode(Sha256Raw(verifier))},
                        {"code_challenge_method", "S256"}});
  return out;
}

OidcOutcome OidcService::Fail(const core::RequestMeta& req, const std::string& provider,
                              std::string reason, std::string next) const {
  logger_.Info(logging::events::kAuthOidcFailed,
               {{"provider", provider}, {"reason", reason}, {"ip", req.client_ip}}, req.request_id);
  OidcOutcome out;
  out.error = std::move(reason);
  out.next = std::move(next);
  return out;
}

OidcOutcome OidcService::Callback(const core::RequestMeta& req, const std::string& provider,
                                  const OidcCallbackInput& in, oidc::Deadline deadline) {
  oidc::ProviderClient& client = Client(provider);
  const std::int64_t now = clock_.Now();
  // The state first, and used up whatever follows.
  std::optional<oidc_repo::PendingSignIn> pending;
  if (in.state && !in.state->empty() && in.state->size() <= 256) {
    const std::string hash = core::Sha256Hex(*in.state);
    pending = db_.Transaction([&](soci::session& s) { return oidc_repo::TakeState(s, hash); });
  }
  if (!pending || pending->expires_at <= now || pending->provider != provider || !in.state_cookie ||
      !core::ConstantTimeEquals(*in.state_cookie, *in.state)) {
    return Fail(req, provider, "oidc_state_invalid");
  }
  const std::string& next = pending->next_path;
  if (in.error || !in.code || in.code->empty()) return Fail(req, provider, "oidc_denied", next);

  oidc::IdTokenResult verified;
  try {
    const std::string id_token = client.ExchangeCode(*in.code, Derived(*in.state, "pkce-verifier"),
                                                     pending->redirect_uri, now, deadline);
    const oidc::IdTokenExpectations expect{client.settings().issuer, client.settings().client_id,
                                           Derived(*in.state, "nonce"), now};
    verified = oidc::VerifyIdToken(id_token, client.Keys(now, deadline), expect);
    // A kid we do not know: the provider may have rotated its keys since we fetched them.
    if (!verified.claims && verified.error == oidc::IdTokenError::kUnknownKey &&
        client.RefreshKeys(now, deadline)) {
      verified = oidc::VerifyIdToken(id_token, client.Keys(now, deadline), expect);
    }
  } catch (const oidc::ProviderError& e) {
    logger_.Warn(logging::events::kAuthOidcProviderUnreachable,
                 {{"provider", provider}, {"detail", e.what()}}, req.request_id);
    return Fail(req, provider, "oidc_exchange_failed", next);
  }
  if (!verified.claims) {
    logger_.Info(logging::events::kAuthOidcTokenRejected,
                 {{"provider", provider}, {"check", oidc::IdTokenErrorName(verified.error)}},
                 req.request_id);
    return Fail(req, provider, "oidc_token_invalid", next);
  }
  const oidc::IdTokenClaims& claims = *verified.claims;

  enum class Result { kOk, kUnverified, kDisabled };
  struct Decision {
    Result result = Result::kOk;
    bool new_account = false, linked = false;
    std::int64_t user_id = 0;
    std::optional<IssuedTokens> tokens;
    std::string mfa_token;
  };
  auto decide = [&](soci::session& s) {
    Decision d;
    std::optional<User> user;
    if (auto identity = oidc_repo::FindIdentity(s, provider, claims.sub)) {
      user = users::FindById(s, identity->user_id);
    }
    if (!user) {
      auto email = VerifiedEmail(claims);
      if (!email) {
        d.result = Result::kUnverified;
        return d;
      }
      user = users::FindByEmail(s, *email);
      if (user) {
        if (!user->is_verified) {
          users::SetVerified(s, user->id, now);
          user->is_verified = true;
        }
        d.linked = true;
      } else {
        User fresh;
        fresh.email = *email;
        fresh.is_verified = true;  // and no password: password_hash stays ""
        fresh.id = users::Insert(s, fresh, now);
        fresh.date_joined = now;
        user = fresh;
        d.new_account = true;
      }
      oidc_repo::InsertIdentity(s, user->id, provider, claims.sub, email, now);
    }
    d.user_id = user->id;
    if (!user->CanAuthenticate()) {
      d.result = Result::kDisabled;
      return d;
    }
    if (user->mfa_enabled) {
      d.mfa_token = auth_.StartSecondFactor(s, user->id, now);
    } else {
      d.tokens = auth_.CompleteLogin(s, req, *user, now);
    }
    return d;
  };
  Decision d;
  try {
    d = db_.Transaction(decide);
  } catch (const std::exception& e) {
    // Two first sign-ins of one account at once: the loser's insert collides; the winner's rows
    // are there now.
    if (!db::IsUniqueViolation(e)) throw;
    d = db_.Transaction(decide);
  }
  if (d.result == Result::kUnverified) return Fail(req, provider, "oidc_email_unverified", next);
  if (d.result == Result::kDisabled) return Fail(req, provider, "account_disabled", next);
  if (d.linked) {
    logger_.Info(logging::events::kAuthOidcLinked, {{"provider", provider}, {"user_id", d.user_id}},
                 req.request_id);
  }
  logger_.Info(logging::events::kAuthOidcLogin,
               {{"provider", provider},
                {"user_id", d.user_id},
                {"new_account", d.new_account},
                {"second_factor_due", !d.mfa_token.empty()},
                {"ip", req.client_ip}},
               req.request_id);
  OidcOutcome out;
  out.next = next;
  out.tokens = std::move(d.tokens);
  out.mfa_token = std::move(d.mfa_token);
  return out;
}

std::vector<oidc_repo::Identity> OidcService::ListIdentities(std::int64_t user_id) {
  return db_.Run([&](soci::session& s) { return oidc_repo::ListIdentities(s, user_id); });
}

void OidcService::Unlink(const core::RequestMeta& req, std::int64_t user_id,
                         std::int64_t identity_id) {
  enum class Result { kDone, kNotFound, kLast };
  Result result = db_.Transaction([&](soci::session& s) {
    // The user's row locked first: two unlinks at once cannot both pass the "last" check.
    auto user = users::FindByIdForUpdate(s, user_id);
    if (!user) return Result::kNotFound;
    auto identities = oidc_repo::ListIdentities(s, user_id);
    bool mine = false;
    for (const auto& i : identities) mine = mine || i.id == identity_id;
    if (!mine) return Result::kNotFound;
    if (!user->HasPassword() && identities.size() == 1) return Result::kLast;
    oidc_repo::DeleteIdentity(s, user_id, identity_id);
    return Result::kDone;
  });
  if (result == Result::kNotFound) throw ApiError::NotFound();
  if (result == Result::kLast) {
    throw ApiError(core::errors::kLastSignInMethod,
                   "This is your only way to sign in. Set a password first (password/forgot).");
  }
  logger_.Info(logging::events::kAuthOidcUnlinked,
               {{"user_id", user_id}, {"identity_id", identity_id}}, req.request_id);
}

}  // namespace plangate::auth

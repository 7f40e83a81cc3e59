#include "auth/mfa_repo.h"
#include "db/dialect.h"

#include <soci/soci.h>

namespace plangate::auth::mfa {

std::optional<TotpState> Find(soci::session& s, std::int64_t user_id, db::RowLock lock) {
  long long uid = user_id, last_step = 0;
  std::string secret, pending;
  soci::indicator secret_ind = soci::i_null, pending_ind = soci::i_null, step_ind = soci::i_null;
  s << std::string("SELECT secret, pending_secret, last_step FROM mfa_totp WHERE user_id = :u") +
           std::string(db::LockClause(s, lock)),
      soci::into(secret, secret_ind), soci::into(pending, pending_ind),
      soci::into(last_step, step_ind), soci::use(uid);
  if (!s.got_data()) return std::nullopt;
  TotpState state;
  if (secret_ind == soci::i_ok) state.secret = std::move(secret);
  if (pending_ind == soci::i_ok) state.pending_secret = std::move(pending);
  if (step_ind == soci::i_ok) state.last_step = last_step;
  return state;
}

void SetPending(soci::session& s, std::int64_t user_id, const std::string& secret,
                std::int64_t now) {
  long long uid = user_id, ts = now;
  s << "INSERT INTO mfa_totp (user_id, pending_secret, updated_at) VALUES (:u, :p, :t) "
       "ON CONFLICT (user_id) DO UPDATE SET pending_secret = excluded.pending_secret, "
       "updated_at = excluded.updated_at",
      soci::use(uid), soci::use(secret), soci::use(ts);
}

void Enable(soci::session& s, std::int64_t user_id, std::int64_t step, std::int64_t now) {
  long long uid = user_id, ts = now, st = step;
  s << "UPDATE mfa_totp SET secret = pending_secret, pending_secret = NULL, last_step = :s, "
       "enabled_at = :t, updated_at = :t2 WHERE user_id = :u",
      soci::use(st), soci::use(ts), soci::use(ts), soci::use(uid);
  s << "UPDATE users SET mfa_enabled = 1, updated_at = :t WHERE id = :u", soci::use(ts),
      soci::use(uid);
}

void SetLastStep(soci::session& s, std::int64_t user_id, std::int64_t step, std::int64_t now) {
  long long uid = user_id, ts = now, st = step;
  s << "UPDATE mfa_totp SET last_step = :s, updated_at = :t WHERE user_id = :u", soci::use(st),
      soci::use(ts), soci::use(uid);
}

void Disable(soci::session& s, std::int64_t user_id, std::int64_t now) {
  long long uid = user_id, ts = now;
  s << "UPDATE mfa_totp SET secret = NULL, pending_secret = NULL, enabled_at = NULL, "
       "updated_at = :t WHERE user_id = :u",
      soci::use(ts), soci::use(uid);
  s << "UPDATE users SET mfa_enabled = 0, updated_at = :t WHERE id = :u", soci::use(ts),
      soci::use(uid);
  s << "DELETE FROM mfa_recovery_codes WHERE user_id = :u", soci::use(uid);
  s << "UPDATE mfa_challenges SET used_at = :t WHERE user_id = :u AND used_at IS NULL",
      soci::use(ts), soci::use(uid);
}

void ReplaceRecoveryCodes(soci::session& s, std::int64_t user_id,
                          const std::vector<std::string>& code_hashes, std::int64_t now) {
  long long uid = user_id, ts = now;
  s << "DELETE FROM mfa_recovery_codes WHERE user_id = :u", soci::use(uid);
  for (const auto& hash : code_hashes) {
    s << "INSERT INTO mfa_recovery_codes (user_id, code_hash, created_at) VALUES (:u, :h, :t)",
        soci::use(uid), soci::use(hash), soci::use(ts);
  }
}

bool UseRecoveryCode(soci::session& s, std::int64_t user_id, const std::string& code_hash) {
  long long uid = user_id, id = 0;
  s << "DELETE FROM mfa_recovery_codes WHERE user_id = :u AND code_hash = :h RETURNING id",
      soci::use(uid), soci::use(code_hash), soci::into(id);
  return s.got_data();
}

bool HasRecoveryCode(soci::session& s, std::int64_t user_id, const std::string& code_hash) {
  long long uid = user_id, id = 0;
  s << "SELECT id FROM mfa_recovery_codes WHERE user_id = :u AND code_hash = :h", soci::use(uid),
      soci::use(code_hash), soci::into(id);
  return s.got_data();
}

std::int64_t CountRecoveryCodes(soci::session& s, std::int64_t user_id) {
  long long uid = user_id, count = 0;
  s << "SELECT COUNT(*) FROM mfa_recovery_codes WHERE user_id = :u", soci::use(uid),
      soci::into(count);
  return count;
}

void InsertChallenge(soci::session& s, std::int64_t user_id, const std::string& token_hash,
                     std::int64_t now, std::int64_t expires_at) {
  long long uid = user_id, ts = now, exp = expires_at;
  s << "INSERT INTO mfa_challenges (user_id, token_hash, created_at, expires_at) "
       "VALUES (:u, :h, :c, :e)",
      soci::use(uid), soci::use(token_hash), soci::use(ts), soci::use(exp);
}

std::optional<Challenge> FindChallengeForUpdate(soci::session& s, const std::string& token_hash) {
  long long id = 0, uid = 0, exp = 0, used_at = 0;
  int failures = 0;
  soci::indicator used_ind = soci::i_null;
  s << std::string(
           "SELECT id, user_id, expires_at, failures, used_at FROM mfa_challenges "
           "WHERE token_hash = :h") +
           std::string(db::LockClause(s, db::RowLock::kForUpdate)),
      soci::into(id), soci::into(uid), soci::into(exp), soci::into(failures),
      soci::into(used_at, used_ind), soci::use(token_hash);
  if (!s.got_data()) return std::nullopt;
  return Challenge{id, uid, exp, failures, used_ind == soci::i_ok};
}

void MarkChallengeUsed(soci::session& s, std::int64_t id, std::int64_t now) {
  long long key = id, ts = now;
  s << "UPDATE mfa_challenges SET used_at = :t WHERE id = :id", soci::use(ts), soci::use(key);
}

void CountChallengeFailure(soci::session& s, std::int64_t id, bool kill, std::int64_t now) {
  long long key = id, ts = now;
  if (kill) {
    s << "UPDATE mfa_challenges SET failures = failures + 1, used_at = :t WHERE id = :id",
        soci::use(ts), soci::use(key);
  } else {
    s << "UPDATE mfa_challenges SET failures = failures + 1 WHERE id = :id", soci::use(key);
  }
}

void PurgeExpiredChallenges(soci::session& s, std::int64_t before) {
  long long ts = before;
  s << "DELETE FROM mfa_challenges WHERE expires_at < :t", soci::use(ts);
}

}  // namespace plangate::auth::mfa

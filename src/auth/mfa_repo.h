#pragma once
// SQL for two-factor sign-in: the user's TOTP state (mfa_totp, users.mfa_enabled), recovery
// codes (hashed) and login challenges (mfa_token, hashed).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/dialect.h"

namespace soci {
class session;
}

namespace plangate::auth::mfa {

struct TotpState {
  std::optional<std::string> secret;  // set while two-factor sign-in is on
  std::optional<std::string> pending_secret;
  std::optional<std::int64_t> last_step;
};

struct Challenge {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::int64_t expires_at = 0;
  int failures = 0;
  bool used = false;
};

// The user's row (with kForUpdate, locked until the transaction ends). nullopt when the user never
// started a setup.
std::optional<TotpState> Find(soci::session& s, std::int64_t user_id, db::RowLock lock);
// Starts (or replaces) an unconfirmed setup.
void SetPending(soci::session& s, std::int64_t user_id, const std::string& secret,
                std::int64_t now);
// The pending secret becomes the user's, users.mfa_enabled turns on, `step` was accepted.
void Enable(soci::session& s, std::int64_t user_id, std::int64_t step, std::int64_t now);
void SetLastStep(soci::session& s, std::int64_t user_id, std::int64_t step, std::int64_t now);
// Off: the secrets and recovery codes go, live challenges die; last_step stays.
void Disable(soci::session& s, std::int64_t user_id, std::int64_t now);

void ReplaceRecoveryCodes(soci::session& s, std::int64_t user_id,
                          const std::vector<std::string>& code_hashes, std::int64_t now);
// Deletes the user's code with this hash; false when there was none.
bool UseRecoveryCode(soci::session& s, std::int64_t user_id, const std::string& code_hash);
bool HasRecoveryCode(soci::session& s, std::int64_t user_id, const std::string& code_hash);
std::int64_t CountRecoveryCodes(soci::session& s, std::int64_t user_id);

void InsertChallenge(soci::session& s, std::int64_t user_id, const std::string& token_hash,
                     std::int64_t now, std::int64_t expires_at);
// Locked until the transaction ends; whatever its state (the caller decides).
std::optional<Challenge> FindChallengeForUpdate(soci::session& s, const std::string& token_hash);
void MarkChallengeUsed(soci::session& s, std::int64_t id, std::int64_t now);
// One more wrong code; `kill` also uses the challenge up.
void CountChallengeFailure(soci::session& s, std::int64_t id, bool kill, std::int64_t now);
// Drops challenges that expired before `before` (they can no longer be used).
void PurgeExpiredChallenges(soci::session& s, std::int64_t before);

}  // namespace plangate::auth::mfa

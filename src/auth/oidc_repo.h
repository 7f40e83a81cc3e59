#pragma once
// SQL for OpenID Connect sign-in: the sign-ins in progress (oidc_states) and the identities
// linked to users (user_identities).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace plangate::auth::oidc_repo {

struct PendingSignIn {
  std::string provider;
  std::string next_path;
  std::string redirect_uri;
  std::int64_t expires_at = 0;
};

void InsertState(soci::session& s, const std::string& state_hash, const PendingSignIn& p,
                 std::int64_t now);
// Deletes and returns the row of that state, expired or not (a state works once, whatever the
// outcome); nullopt when there is none. Of two callbacks racing with one state, one gets it.
std::optional<PendingSignIn> TakeState(soci::session& s, const std::string& state_hash);
void PurgeExpiredStates(soci::session& s, std::int64_t now);

struct Identity {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string provider;
  std::string subject;
  std::optional<std::string> email;
  std::int64_t created_at = 0;
};

std::optional<Identity> FindIdentity(soci::session& s, const std::string& provider,
                                     const std::string& subject);
// Throws a unique violation when (provider, subject) is linked already.
std::int64_t InsertIdentity(soci::session& s, std::int64_t user_id, const std::string& provider,
                            const std::string& subject, const std::optional<std::string>& email,
                            std::int64_t now);
// The user's identities, oldest first.
std::vector<Identity> ListIdentities(soci::session& s, std::int64_t user_id);
// Whether a row of that user was deleted.
bool DeleteIdentity(soci::session& s, std::int64_t user_id, std::int64_t id);

}  // namespace plangate::auth::oidc_repo

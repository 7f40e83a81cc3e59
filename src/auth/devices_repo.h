#pragma once
// SQL for GET/DELETE sessions: a user's live refresh families, read from their first rows.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace plangate::auth::devices {

struct Device {
  std::int64_t id = 0;  // the family's first row: stable for the family's whole life
  std::string family_id;
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;  // the newest row's created_at (sign-in or last refresh)
  std::optional<std::string> ip;  // null for families signed in before these were recorded
  std::optional<std::string> user_agent;
};

// The user's live families (one row that is neither rotated, revoked nor expired), newest first.
std::vector<Device> ListLive(soci::session& s, std::int64_t user_id, std::int64_t now);
// The family of the user's live session `id`, if there is one.
std::optional<std::string> FindLiveFamily(soci::session& s, std::int64_t user_id, std::int64_t id,
                                          std::int64_t now);

// The family of the user's unrevoked refresh token with this hash; "" for another user's, a
// revoked or an unknown one.
std::string FamilyOfToken(soci::session& s, std::int64_t user_id, const std::string& token_hash);

// When the family of the user's live refresh token with this hash signed in (its first row's
// created_at); nothing for a rotated, revoked, expired, unknown or another user's token.
std::optional<std::int64_t> SignedInAtOfLiveToken(soci::session& s, std::int64_t user_id,
                                                  const std::string& token_hash, std::int64_t now);

}  // namespace plangate::auth::devices

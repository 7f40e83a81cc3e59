#pragma once
// SQL for single-use email tokens (verification, password reset), stored only as hashes.

#include <cstdint>
#include <optional>
#include <string>

#include "db/dialect.h"

namespace soci {
class session;
}

namespace plangate::auth::email_tokens {

inline constexpr const char* kVerifyEmail = "verify_email";
inline constexpr const char* kPasswordReset = "password_reset";

struct EmailToken {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
};

void Insert(soci::session& s, std::int64_t user_id, const std::string& purpose,
            const std::string& token_hash, std::int64_t now, std::int64_t expires_at);
// An unused, unexpired token of that purpose (locked for the transaction when `lock` says so).
std::optional<EmailToken> FindUsable(soci::session& s, const std::string& purpose,
                                     const std::string& token_hash, std::int64_t now,
                                     db::RowLock lock);
// Uses up every unused token of that purpose for the user.
void UseAll(soci::session& s, std::int64_t user_id, const std::string& purpose, std::int64_t now);

}  // namespace plangate::auth::email_tokens

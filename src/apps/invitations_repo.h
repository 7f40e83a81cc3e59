#pragma once
// SQL for app invitations. Tokens are looked up by their SHA-256 only. "Open" below is the index's
// condition (neither accepted nor revoked); "pending" adds "not expired at `now`".

#include <optional>
#include <string>
#include <vector>

#include "apps/app.h"
#include "apps/invitation.h"
#include "db/dialect.h"

namespace soci {
class session;
}

namespace plangate::apps::invitations {

// The app row, with `lock` held for the transaction: creates for one app queue on kForNoKeyUpdate,
// so count-then-insert cannot pass the cap, while new memberships (whose foreign key takes a KEY
// SHARE lock) need not wait for it. The role of the result is the owner's.
std::optional<MemberApp> FindApp(soci::session& s, std::int64_t app_id, db::RowLock lock);

// Closes an open invitation of that address whose time ran out, so that a new one can take its
// place under the unique index.
void CloseExpired(soci::session& s, std::int64_t app_id, const std::string& email,
                  std::int64_t now);
bool HasPending(soci::session& s, std::int64_t app_id, const std::string& email, std::int64_t now);
std::int64_t CountPending(soci::session& s, std::int64_t app_id, std::int64_t now);
// Throws a unique violation when an open invitation of that address already exists.
std::int64_t Insert(soci::session& s, const Invitation& invitation, const std::string& token_hash);

// Newest first.
std::vector<Invitation> ListPending(soci::session& s, std::int64_t app_id, std::int64_t now);
// Revokes a pending invitation of the app; false when there is none with that id.
bool Revoke(soci::session& s, std::int64_t app_id, std::int64_t invitation_id, std::int64_t now);

// A pending invitation with that token hash, locked for the transaction.
std::optional<Invitation> FindPendingByToken(soci::session& s, const std::string& token_hash,
                                             std::int64_t now);
std::optional<InvitationPreview> PreviewByToken(soci::session& s, const std::string& token_hash,
                                                std::int64_t now);
// Uses the invitation up; false when it was no longer open (another accept or a revoke won).
bool MarkAccepted(soci::session& s, std::int64_t invitation_id, std::int64_t user_id,
                  std::int64_t now);

}  // namespace plangate::apps::invitations

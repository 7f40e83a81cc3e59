#pragma once
// Invitations to an app by email (contract v1.1): the owner invites any address with a role, the
// holder of the mailed token can look it up, and the user with that address accepts it once.
// Every check runs inside the transaction that acts on it.

#include <functional>
#include <string>
#include <vector>

#include "apps/app.h"
#include "apps/invitation.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/request_meta.h"
#include "db/database.h"
#include "ops/rate_limiter.h"
#include "users/user.h"

namespace plangate::apps {

class InvitationsService {
 public:
  // mail_queued: called after a transaction that queued mail committed (wakes delivery).
  InvitationsService(const core::Config& config, db::Database& db, const core::Clock& clock,
                     const logging::Logger& logger, ops::RateLimiter& limiter,
                     std::function<void()> mail_queued);

  // Owner only (a non-member gets 404, another member 403). Refusals: VALIDATION_ERROR for the
  // owner's own address, 409 ALREADY_COLLABORATOR, ALREADY_INVITED, TOO_MANY_INVITATIONS, and
  // 429 past the caller's RATE_LIMIT_INVITE_USER. Mails the link in the same transaction.
  Invitation Create(const core::RequestMeta& req, const users::User& caller, std::int64_t app_id,
                    const std::string& email, Role role);
  // Pending only, newest first.
  std::vector<Invitation> ListPending(std::int64_t user_id, std::int64_t app_id);
  // 404 unless invitation_id is a pending invitation of the app.
  void Revoke(const core::RequestMeta& req, std::int64_t user_id, std::int64_t app_id,
              std::int64_t invitation_id);

  // Anyone with the token; 400 INVALID_TOKEN unless it is pending; RATE_LIMIT_INVITATION_LOOKUP_IP.
  InvitationPreview Lookup(const core::RequestMeta& req, const std::string& token);
  // The caller's view of the app after joining. INVALID_TOKEN unless pending, 403
  // INVITATION_EMAIL_MISMATCH for another address (the invitation stays pending), 409
  // ALREADY_COLLABORATOR for a member (the invitation is used up). Single use under concurrency.
  MemberApp Accept(const core::RequestMeta& req, const users::User& caller,
                   const std::string& token);

 private:
  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  ops::RateLimiter& limiter_;
  std::function<void()> mail_queued_;
};

}  // namespace plangate::apps

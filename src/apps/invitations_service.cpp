#include "apps/invitations_service.h"

#include <soci/soci.h>

#include "apps/apps_repo.h"
#include "apps/invitations_repo.h"
#include "core/crypto.h"
#include "core/log_events.h"
#include "http/errors.h"
#include "mail/invitation_email.h"
#include "mail/outbox_repo.h"
#include "users/users_repo.h"

namespace plangate::apps {

using http::ApiError;

namespace {

ApiError InvalidToken() {
  return ApiError(core::errors::kInvalidToken,
                  "The invitation is invalid, used, revoked or expired.");
}

ApiError AlreadyCollaborator() {
  return ApiError(core::errors::kAlreadyCollaborator, "This user is already a collaborator.");
}

ApiError AlreadyInvited() {
  return ApiError(core::errors::kAlreadyInvited,
                  "This address already has a pending invitation to this app.");
}

// The caller's membership, with the owner-only rule of the collaborator routes: a non-member gets
// 404 (no existence leak), another member 403.
MemberApp RequireOwner(soci::session& s, std::int64_t app_id, std::int64_t user_id) {
  auto app = repo::FindForMember(s, app_id, user_id);
  if (!app) throw ApiError::NotFound();
  if (!CanManageCollaborators(app->role)) {
    throw ApiError(core::errors::kPermissionDenied,
                   "You do not have permission to perform this action.");
  }
  return *app;
}

void Refuse(InviteRefusal refusal) {
  switch (refusal) {
    case InviteRefusal::kNone:
      return;
    case InviteRefusal::kOwnAddress:
      throw ApiError::ValidationField("email", "You own this app: you cannot invite yourself.");
    case InviteRefusal::kAlreadyMember:
      throw AlreadyCollaborator();
    case InviteRefusal::kAlreadyInvited:
      throw AlreadyInvited();
    case InviteRefusal::kTooMany:
      throw ApiError(core::errors::kTooManyInvitations,
                     "This app has " + std::to_string(kMaxPendingInvitationsPerApp) +
                         " pending invitations; revoke some first.",
                     {{"limit", kMaxPendingInvitationsPerApp}});
  }
}

}  // namespace

InvitationsService::InvitationsService(const core::Config& config, db::Database& db,
                                       const core::Clock& clock, const logging::Logger& logger,
                                       ops::RateLimiter& limiter, std::function<void()> mail_queued)
    : config_(config),
      db_(db),
      clock_(clock),
      logger_(logger),
      limiter_(limiter),
      mail_queued_(std::move(mail_queued)) {}

Invitation InvitationsService::Create(const core::RequestMeta& req, const users::User& caller,
                                      std::int64_t app_id, const std::string& email, Role role) {
  // Every attempt counts, like the other limits: a refused one mails nothing, but it probes.
  limiter_.Hit("invite:user", std::to_string(caller.id), config_.invite_per_user, req);
  const std::int64_t now = clock_.Now();
  const std::string token = core::RandomToken(32);
  Invitation invitation{0, app_id, email, role, caller.id, now, now + config_.invitation_ttl};
  try {
    invitation.id = db_.Transaction([&](soci::session& s) {
      // The app's row lock queues this app's creates (every instance), so the pending count and
      // the duplicate check below cannot be overtaken; the unique index backs the latter anyway.
      RequireOwner(s, app_id, caller.id);
      auto app = invitations::FindApp(s, app_id, db::RowLock::kForNoKeyUpdate);
      if (!app) throw ApiError::NotFound();
      auto target = users::FindByEmail(s, email);
      const bool member = target && repo::FindMember(s, app_id, target->id).has_value();
      invitations::CloseExpired(s, app_id, email, now);
      Refuse(CheckInvite(caller.email, email, member,
                         invitations::HasPending(s, app_id, email, now),
                         invitations::CountPending(s, app_id, now)));
      std::int64_t id = invitations::Insert(s, invitation, core::Sha256Hex(token));
      mail::outbox::Enqueue(s,
                            mail::Invitation(email, config_.frontend_url, token, app->name,
                                             caller.email, RoleName(role), config_.invitation_ttl),
                            now);
      return id;
    });
  } catch (const std::exception& e) {
    if (!db::IsUniqueViolation(e)) throw;
    throw AlreadyInvited();  // a concurrent create for the same address committed first
  }
  mail_queued_();
  logger_.Info(logging::events::kAppsInvitationCreated,
               {{"user_id", caller.id},
                {"app_id", app_id},
                {"invitation_id", invitation.id},
                {"role", RoleName(role)},
                {"ip", req.client_ip}},
               req.request_id);
  return invitation;
}

std::vector<Invitation> InvitationsService::ListPending(std::int64_t user_id, std::int64_t app_id) {
  const std::int64_t now = clock_.Now();
  return db_.Transaction(
      [&](soci::session& s) {
        RequireOwner(s, app_id, user_id);
        return invitations::ListPending(s, app_id, now);
      },
      db::TxMode::kRead);
}

void InvitationsService::Revoke(const core::RequestMeta& req, std::int64_t user_id,
                                std::int64_t app_id, std::int64_t invitation_id) {
  const std::int64_t now = clock_.Now();
  db_.Transaction([&](soci::session& s) {
    RequireOwner(s, app_id, user_id);
    if (!invitations::Revoke(s, app_id, invitation_id, now)) throw ApiError::NotFound();
  });
  logger_.Info(logging::events::kAppsInvitationRevoked,
               {{"user_id", user_id},
                {"app_id", app_id},
                {"invitation_id", invitation_id},
                {"ip", req.client_ip}},
               req.request_id);
}

InvitationPreview InvitationsService::Lookup(const core::RequestMeta& req,
                                             const std::string& token) {
  limiter_.Hit("invitation_lookup:ip", req.client_ip, config_.invitation_lookup_per_ip, req);
  const std::int64_t now = clock_.Now();
  auto preview = db_.Run([&](soci::session& s) {
    return invitations::PreviewByToken(s, core::Sha256Hex(token), now);
  });
  if (!preview) throw InvalidToken();
  return *preview;
}

MemberApp InvitationsService::Accept(const core::RequestMeta& req, const users::User& caller,
                                     const std::string& token) {
  // Login already requires a verified address, so an access token implies one; this keeps it so
  // should any other way to a session appear: the address must be proven, not only typed.
  if (!caller.is_verified) {
    throw ApiError(core::errors::kEmailNotVerified, "Verify your email address first.");
  }
  const std::int64_t now = clock_.Now();
  const std::string token_hash = core::Sha256Hex(token);
  struct Outcome {
    MemberApp app;
    std::int64_t invitation_id = 0;
    bool already_member = false;
  };
  Outcome outcome;
  for (int attempt = 0;; ++attempt) {
    try {
      outcome = db_.Transaction([&](soci::session& s) {
        // Locked (PostgreSQL) or under the write lock (SQLite): a second accept of the token
        // waits here, then no longer finds it pending.
        auto invitation = invitations::FindPendingByToken(s, token_hash, now);
        if (!invitation) throw InvalidToken();
        if (!SameAddress(invitation->email, caller.email)) {
          throw ApiError(core::errors::kInvitationEmailMismatch,
                         "This invitation was sent to another email address: sign in with that "
                         "address to accept it.");
        }
        if (!invitations::MarkAccepted(s, invitation->id, caller.id, now)) throw InvalidToken();
        auto app = invitations::FindApp(s, invitation->app_id, db::RowLock::kNone);
        if (!app) throw InvalidToken();  // unreachable: deleting the app deletes its invitations
        Outcome o{*app, invitation->id, false};
        if (repo::FindMember(s, app->id, caller.id)) {
          o.already_member = true;  // committed: the invitation is used up all the same
          return o;
        }
        repo::AddMember(s, *app, caller.id, invitation->role, now);
        o.app.role = invitation->role;
        return o;
      });
      break;
    } catch (const std::exception& e) {
      // The owner added this user by hand at the same moment: once more, which then finds the
      // membership and uses the invitation up.
      if (attempt > 0 || !db::IsUniqueViolation(e)) throw;
    }
  }
  logger_.Info(logging::events::kAppsInvitationAccepted,
               {{"user_id", caller.id},
                {"app_id", outcome.app.id},
                {"invitation_id", outcome.invitation_id},
                {"already_member", outcome.already_member},
                {"ip", req.client_ip}},
               req.request_id);
  if (outcome.already_member) throw AlreadyCollaborator();
  return outcome.app;
}

}  // namespace plangate::apps

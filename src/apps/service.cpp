#include "apps/service.h"

#include <soci/soci.h>

#include "apps/apps_repo.h"
#include "apps/limits.h"
#include "core/log_events.h"
#include "http/errors.h"
#include "users/users_repo.h"

namespace plangate::apps {

using http::ApiError;

namespace {
ApiError PermissionDenied() {
  return ApiError(core::errors::kPermissionDenied,
                  "You do not have permission to perform this action.");
}
}  // namespace

AppsService::AppsService(const core::Config& config, db::Database& db, const core::Clock& clock,
                         const logging::Logger& logger)
    : config_(config), db_(db), clock_(clock), logger_(logger) {}

MemberApp AppsService::RequireMember(soci::session& s, std::int64_t app_id, std::int64_t user_id) {
  auto app = repo::FindForMember(s, app_id, user_id);
  if (!app) throw ApiError::NotFound();
  return *app;
}

AppPage AppsService::List(std::int64_t user_id, std::int64_t limit, std::int64_t offset) {
  return db_.Run([&](soci::session& s) { return repo::ListForMember(s, user_id, limit, offset); });
}

MemberApp AppsService::Create(const core::RequestMeta& req, std::int64_t user_id,
                              const std::string& name, const std::string& description) {
  const std::int64_t now = clock_.Now();
  const bool postgres = db_.engine() == db::Engine::kPostgres;
  auto limit_reached = [&](std::int64_t limit, std::int64_t current, const std::string& user_type) {
    logger_.Info(logging::events::kAppsLimitReached,
                 {{"user_id", user_id},
                  {"limit", limit},
                  {"current", current},
                  {"user_type", user_type},
                  {"ip", req.client_ip}},
                 req.request_id);
    return ApiError(core::errors::kAppLimitReached,
                    "You have reached the number of apps your plan allows.",
                    {{"limit", limit}, {"current", current}, {"user_type", user_type}});
  };
  if (postgres) {
    // One round trip: the same lock, count and insert, in a function on the server.
    auto created = db_.Run([&](soci::session& s) {
      return repo::CreateWithinLimit(s, user_id, name, description, now, config_.app_limit_basic,
                                     config_.app_limit_pro);
    });
    if (!created) throw ApiError::NotFound();
    if (!created->app_id) throw limit_reached(created->limit, created->owned, created->user_type);
    return MemberApp{*created->app_id, name, description, user_id, Role::kOwner, now, now};
  }
  return db_.Transaction([&](soci::session& s) {
    // The write lock (BEGIN IMMEDIATE) serialises every create, so count-then-insert cannot
    // overshoot the limit.
    auto owner = users::FindByIdForUpdate(s, user_id);
    if (!owner) throw ApiError::NotFound();
    std::int64_t current = repo::CountOwned(s, user_id);
    std::int64_t limit = EffectiveAppLimit(owner->user_type, owner->app_limit_override,
                                           config_.app_limit_basic, config_.app_limit_pro);
    if (current >= limit) throw limit_reached(limit, current, owner->user_type);
    std::int64_t id = repo::Insert(s, user_id, name, description, now);
    return MemberApp{id, name, description, user_id, Role::kOwner, now, now};
  });
}

MemberApp AppsService::Get(std::int64_t user_id, std::int64_t app_id) {
  return db_.Run([&](soci::session& s) { return RequireMember(s, app_id, user_id); });
}

MemberApp AppsService::Update(std::int64_t user_id, std::int64_t app_id,
                              const std::optional<std::string>& name,
                              const std::optional<std::string>& description) {
  const std::int64_t now = clock_.Now();
  return db_.Transaction([&](soci::session& s) {
    MemberApp app = RequireMember(s, app_id, user_id);
    if (!CanEdit(app.role)) throw PermissionDenied();
    if (name) app.name = *name;
    if (description) app.description = *description;
    app.updated_at = now;
    repo::Update(s, app_id, app.name, app.description, now);
    return app;
  });
}

void AppsService::Delete(std::int64_t user_id, std::int64_t app_id) {
  db_.Transaction([&](soci::session& s) {
    MemberApp app = RequireMember(s, app_id, user_id);
    if (!CanDelete(app.role)) throw PermissionDenied();
    repo::Delete(s, app_id);
  });
}

std::vector<Collaborator> AppsService::Collaborators(std::int64_t user_id, std::int64_t app_id) {
  return db_.Transaction(
      [&](soci::session& s) {
        RequireMember(s, app_id, user_id);
        return repo::ListMembers(s, app_id);
      },
      db::TxMode::kRead);
}

Collaborator AppsService::AddCollaborator(std::int64_t user_id, std::int64_t app_id,
                                          const std::string& email, Role role) {
  const std::int64_t now = clock_.Now();
  try {
    return db_.Transaction([&](soci::session& s) {
      MemberApp app = RequireMember(s, app_id, user_id);
      if (!CanManageCollaborators(app.role)) throw PermissionDenied();
      auto target = users::FindByEmail(s, email);
      if (!target) throw ApiError::ValidationField("email", "No user with this email address.");
      if (target->id == app.owner_id) {
        throw ApiError::ValidationField("email", "The owner is already a member of this app.");
      }
      if (repo::FindMember(s, app_id, target->id)) {
        throw ApiError(core::errors::kAlreadyCollaborator, "This user is already a collaborator.");
      }
      repo::AddMember(s, app, target->id, role, now);
      return Collaborator{target->id, target->email, role, now};
    });
  } catch (const std::exception& e) {
    // Two owners' tabs adding the same person at once: the unique key decides.
    if (!db::IsUniqueViolation(e)) throw;
    throw ApiError(core::errors::kAlreadyCollaborator, "This user is already a collaborator.");
  }
}

Collaborator AppsService::SetCollaboratorRole(std::int64_t user_id, std::int64_t app_id,
                                              std::int64_t target_id, Role role) {
  return db_.Transaction([&](soci::session& s) {
    MemberApp app = RequireMember(s, app_id, user_id);
    if (!CanManageCollaborators(app.role)) throw PermissionDenied();
    auto member = repo::FindMember(s, app_id, target_id);
    if (!member) throw ApiError::NotFound();
    if (member->role == Role::kOwner) {
      throw ApiError::ValidationField("role", "The owner's role cannot be changed.");
    }
    repo::SetRole(s, app_id, target_id, role);
    member->role = role;
    return *member;
  });
}

void AppsService::RemoveCollaborator(std::int64_t user_id, std::int64_t app_id,
                                     std::int64_t target_id) {
  db_.Transaction([&](soci::session& s) {
    MemberApp app = RequireMember(s, app_id, user_id);
    auto member = repo::FindMember(s, app_id, target_id);
    if (!member) throw ApiError::NotFound();
    if (member->role == Role::kOwner) {
      if (app.role == Role::kOwner) {
        throw ApiError::ValidationField("user_id", "The owner cannot be removed from the app.");
      }
      throw PermissionDenied();
    }
    if (!CanRemoveMember(app.role, user_id, target_id)) throw PermissionDenied();
    repo::RemoveMember(s, app_id, target_id);
  });
}

}  // namespace plangate::apps

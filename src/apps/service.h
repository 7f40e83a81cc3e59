#pragma once
// Apps and collaborators: the permission table of the contract and the per-plan limit, enforced
// inside the transactions that change them.

#include <optional>
#include <string>
#include <vector>

#include "apps/app.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/request_meta.h"
#include "db/database.h"

namespace plangate::apps {

class AppsService {
 public:
  AppsService(const core::Config& config, db::Database& db, const core::Clock& clock,
              const logging::Logger& logger);

  AppPage List(std::int64_t user_id, std::int64_t limit, std::int64_t offset);
  // 403 APP_LIMIT_REACHED past the owner's limit; racing creates never pass it.
  MemberApp Create(const core::RequestMeta& req, std::int64_t user_id, const std::string& name,
                   const std::string& description);
  MemberApp Get(std::int64_t user_id, std::int64_t app_id);
  MemberApp Update(std::int64_t user_id, std::int64_t app_id,
                   const std::optional<std::string>& name,
                   const std::optional<std::string>& description);
  void Delete(std::int64_t user_id, std::int64_t app_id);

  std::vector<Collaborator> Collaborators(std::int64_t user_id, std::int64_t app_id);
  Collaborator AddCollaborator(std::int64_t user_id, std::int64_t app_id, const std::string& email,
                               Role role);
  Collaborator SetCollaboratorRole(std::int64_t user_id, std::int64_t app_id,
                                   std::int64_t target_id, Role role);
  void RemoveCollaborator(std::int64_t user_id, std::int64_t app_id, std::int64_t target_id);

 private:
  // The caller's view of the app, or 404 when they are not a member (no existence leak).
  MemberApp RequireMember(soci::session& s, std::int64_t app_id, std::int64_t user_id);

  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
};

}  // namespace plangate::apps

#pragma once
// GET /auth/me/export: everything stored about the caller, read in one snapshot. Hashes, tokens
// and secrets are never read for it.

#include <optional>
#include <string>
#include <vector>

#include "apps/app.h"
#include "users/app_quota.h"
#include "auth/devices_service.h"
#include "auth/oidc_repo.h"
#include "auth/user.h"
#include "billing/subscription.h"
#include "core/clock.h"
#include "core/config.h"
#include "db/database.h"

namespace plangate::auth {

struct AccountExport {
  UserView user;
  std::vector<apps::MemberApp> apps;                       // owned
  std::vector<apps::MemberApp> collaborations;             // a member, not the owner
  std::optional<billing::SubscriptionState> subscription;  // the newest, as GET subscription
  std::vector<SessionView> sessions;
  std::vector<oidc_repo::Identity> identities;
};

class ExportService {
 public:
  ExportService(const core::Config& config, db::Database& db, const core::Clock& clock,
                AppQuota quota)
      : config_(config), db_(db), clock_(clock), quota_(std::move(quota)) {}

  // nullopt when the user is gone.
  std::optional<AccountExport> Export(std::int64_t user_id,
                                      const std::optional<std::string>& refresh_token);

 private:
  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  AppQuota quota_;
};

}  // namespace plangate::auth

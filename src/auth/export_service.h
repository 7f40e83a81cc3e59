#pragma once
// GET /auth/me/export: everything stored about the caller, read in one snapshot. Hashes, tokens
// and secrets are never read for it.

#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/devices_service.h"
#include "auth/oidc_repo.h"
#include "auth/user.h"
#include "core/clock.h"
#include "core/config.h"
#include "db/database.h"
#include "users/app_quota.h"

namespace plangate::auth {

// A part of the export another feature owns (the apps, the subscription): its top-level keys and
// their values, read in the export's snapshot transaction. The composition root hands the parts
// over, so auth reads nothing of those features itself.
using ExportPart = std::function<boost::json::object(soci::session&, std::int64_t user_id)>;

struct AccountExport {
  UserView user;
  boost::json::object parts;  // every part's keys, in the order of the parts
  std::vector<SessionView> sessions;
  std::vector<oidc_repo::Identity> identities;
};

class ExportService {
 public:
  ExportService(const core::Config& config, db::Database& db, const core::Clock& clock,
                AppQuota quota, std::vector<ExportPart> parts)
      : config_(config),
        db_(db),
        clock_(clock),
        quota_(std::move(quota)),
        parts_(std::move(parts)) {}

  // nullopt when the user is gone.
  std::optional<AccountExport> Export(std::int64_t user_id,
                                      const std::optional<std::string>& refresh_token);

 private:
  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  AppQuota quota_;
  std::vector<ExportPart> parts_;
};

}  // namespace plangate::auth

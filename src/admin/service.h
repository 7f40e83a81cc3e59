#pragma once
// Staff controls over users: listing, detail, disable/enable, app-limit overrides and
// subscription cancellation, each change audited.

#include <optional>
#include <string>
#include <vector>

#include "admin/admin_repo.h"
#include "admin/requests.h"
#include "users/app_quota.h"
#include "auth/service.h"
#include "billing/service.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/request_meta.h"
#include "db/database.h"

namespace plangate::admin {

// The user as /auth/me shows it; the admin views add fields when rendering.
using AdminUser = users::UserView;

struct AdminUserDetail {
  AdminUser base;
  std::optional<billing::SubscriptionState> subscription;
  std::int64_t collaboration_count = 0;
};

struct UserPage {
  std::vector<AdminUser> users;
  std::int64_t count = 0;
};

class AdminService {
 public:
  AdminService(const core::Config& config, db::Database& db, const core::Clock& clock,
               const logging::Logger& logger, billing::BillingService& billing,
               users::AppQuota quota);

  UserPage ListUsers(const repo::UserQuery& query);
  AdminUserDetail GetUser(std::int64_t user_id);
  AdminUserDetail UpdateUser(const core::RequestMeta& req, std::int64_t admin_id,
                             std::int64_t user_id, const UserChanges& changes);
  billing::SubscriptionState CancelSubscription(const core::RequestMeta& req, std::int64_t admin_id,
                                                std::int64_t user_id, bool immediately);

 private:
  AdminUser Decorate(const users::User& user, std::int64_t app_count, bool has_password) const;

  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  billing::BillingService& billing_;
  users::AppQuota quota_;
};

}  // namespace plangate::admin

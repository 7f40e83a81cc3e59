#pragma once
// Staff controls over users: listing, detail, disable/enable, app-limit overrides and
// subscription cancellation, each change audited.

#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "admin/admin_repo.h"
#include "admin/requests.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/request_meta.h"
#include "db/database.h"
#include "users/app_quota.h"

namespace plangate::admin {

// The user as /auth/me shows it; the admin views add fields when rendering.
using AdminUser = users::UserView;

// Folds the user_counts ledger (repo::CompactUserCounts) in a transaction of its own: the list
// does when it read a long ledger, and `plangate worker` every hour, so that it stays short when
// nobody lists.
void FoldUserCounts(db::Database& db);

// A subscription canceled at Stripe: as GET /billing/subscription shows it, and what the audit
// record keeps of it.
struct CanceledSubscription {
  boost::json::value json;
  std::string subscription_id;
  std::string status;
};

// What the admin controls do to other features' data, handed over by the composition root: admin
// reads nothing of auth or billing itself.
struct FeatureControls {
  // In the admin's transaction: a disabled user's sessions end with the change.
  std::function<void(soci::session&, std::int64_t user_id, std::int64_t now)> end_sessions;
  std::function<void(soci::session&, std::int64_t user_id, std::int64_t now)> turn_off_mfa;
  // The newest subscription as GET /billing/subscription shows it, null for none.
  std::function<boost::json::value(soci::session&, std::int64_t user_id)> newest_subscription;
  // Throws http::ApiError (BILLING_NOT_CONFIGURED, NOT_FOUND, BILLING_PROVIDER_ERROR ...).
  std::function<CanceledSubscription(std::int64_t user_id, bool immediately,
                                     const std::string& request_id)>
      cancel_subscription;
};

struct AdminUserDetail {
  AdminUser base;
  boost::json::value subscription;  // null for none
  std::int64_t collaboration_count = 0;
};

struct UserPage {
  std::vector<AdminUser> users;
  std::int64_t count = 0;
  bool more = false;  // repo::UserList::more
};

class AdminService {
 public:
  AdminService(const core::Config& config, db::Database& db, const core::Clock& clock,
               const logging::Logger& logger, FeatureControls features, users::AppQuota quota);

  UserPage ListUsers(const repo::UserQuery& query);
  AdminUserDetail GetUser(std::int64_t user_id);
  AdminUserDetail UpdateUser(const core::RequestMeta& req, std::int64_t admin_id,
                             std::int64_t user_id, const UserChanges& changes);
  CanceledSubscription CancelSubscription(const core::RequestMeta& req, std::int64_t admin_id,
                                          std::int64_t user_id, bool immediately);

 private:
  AdminUser Decorate(const users::User& user, std::int64_t app_count, bool has_password) const;

  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
  FeatureControls features_;
  users::AppQuota quota_;
};

}  // namespace plangate::admin

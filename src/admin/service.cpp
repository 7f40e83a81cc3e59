#include "admin/service.h"

#include <soci/soci.h>

#include <boost/json/serialize.hpp>

#include "core/log_events.h"
#include "http/errors.h"
#include "mail/outbox_repo.h"
#include "mail/templates.h"
#include "users/users_repo.h"

namespace plangate::admin {

using http::ApiError;

AdminService::AdminService(const core::Config& config, db::Database& db, const core::Clock& clock,
                           const logging::Logger& logger, FeatureControls features,
                           users::AppQuota quota)
    : config_(config),
      db_(db),
      clock_(clock),
      logger_(logger),
      features_(std::move(features)),
      quota_(std::move(quota)) {}

AdminUser AdminService::Decorate(const users::User& user, std::int64_t app_count,
                                 bool has_password) const {
  AdminUser view = users::ViewOf(user, app_count, quota_.limit(user));
  view.has_password = has_password;
  return view;
}

void FoldUserCounts(db::Database& db) { db.Transaction(repo::CompactUserCounts); }

UserPage AdminService::ListUsers(const repo::UserQuery& query) {
  std::int64_t ledger_rows = 0;
  UserPage listed = db_.Transaction(
      [&](soci::session& s) {
        UserPage page;
        const repo::UserCount count = repo::CountUsers(s, query);
        page.count = count.users;
        ledger_rows = count.ledger_rows;
        repo::UserQuery read = query;
        if (query.search) {
          const std::int64_t users = repo::CountUsers(s, repo::UserQuery{}).users;
          read.walk_budget = repo::WalkBudget(count.users, users, query.position ? 0 : query.offset,
                                              query.limit + 1);
        }
        repo::UserList list = repo::ListUsers(s, read);
        page.more = list.more;
        for (const auto& row : list.rows) {
          page.users.push_back(Decorate(row.user, row.app_count, row.has_password));
        }
        return page;
      },
      db::TxMode::kRead);
  // Each sign-up and plan change adds to the ledger; a list now and then folds it, so that a
  // count reads a few hundred rows at most. The page is answered whatever the fold does.
  constexpr std::int64_t kFoldAbove = 256;
  if (ledger_rows > kFoldAbove) {
    try {
      FoldUserCounts(db_);
    } catch (const std::exception& e) {
      logger_.Warn(logging::events::kAdminUserCountsFoldFailed,
                   {{"ledger_rows", ledger_rows}, {"error", e.what()}});
    }
  }
  return listed;
}

AdminUserDetail AdminService::GetUser(std::int64_t user_id) {
  return db_.Transaction(
      [&](soci::session& s) {
        auto user = users::FindById(s, user_id);
        if (!user) throw ApiError::NotFound();
        return AdminUserDetail{Decorate(*user, quota_.owned(s, user_id), user->HasPassword()),
                               features_.newest_subscription(s, user_id),
                               repo::CollaborationCount(s, user_id)};
      },
      db::TxMode::kRead);
}

AdminUserDetail AdminService::UpdateUser(const core::RequestMeta& req, std::int64_t admin_id,
                                         std::int64_t user_id, const UserChanges& changes) {
  if (changes.is_disabled_by_admin.value_or(false) && admin_id == user_id) {
    throw ApiError::ValidationField("is_disabled_by_admin", "You cannot disable your own account.");
  }
  const std::int64_t now = clock_.Now();
  boost::json::object changed;
  db_.Transaction([&](soci::session& s) {
    auto user = users::FindByIdForUpdate(s, user_id);
    if (!user) throw ApiError::NotFound();
    if (changes.is_disabled_by_admin &&
        *changes.is_disabled_by_admin != user->is_disabled_by_admin) {
      repo::SetDisabled(s, user_id, *changes.is_disabled_by_admin, now);
      // Disabling ends every session in the same transaction: no refresh can slip through.
      if (*changes.is_disabled_by_admin) features_.end_sessions(s, user_id, now);
      changed["is_disabled_by_admin"] = {{"old", user->is_disabled_by_admin},
                                         {"new", *changes.is_disabled_by_admin}};
    }
    if (changes.set_override && changes.app_limit_override != user->app_limit_override) {
      repo::SetAppLimitOverride(s, user_id, changes.app_limit_override, now);
      auto value = [](const std::optional<std::int64_t>& v) {
        return v ? boost::json::value(*v) : boost::json::value(nullptr);
      };
      changed["app_limit_override"] = {{"old", value(user->app_limit_override)},
                                       {"new", value(changes.app_limit_override)}};
    }
    if (changes.mfa_enabled && !*changes.mfa_enabled && user->mfa_enabled) {
      features_.turn_off_mfa(s, user_id, now);
      mail::outbox::Enqueue(s, mail::MfaDisabled(user->email, config_.frontend_url, true), now);
      changed["mfa_enabled"] = {{"old", true}, {"new", false}};
    }
    if (!changed.empty()) {
      repo::Audit(s, admin_id, user_id, "user.updated", boost::json::serialize(changed), now);
    }
  });
  if (!changed.empty()) {
    logger_.Info(logging::events::kAdminUserUpdated,
                 {{"admin_id", admin_id},
                  {"target_user_id", user_id},
                  {"changes", changed},
                  {"ip", req.client_ip}},
                 req.request_id);
  }
  return GetUser(user_id);
}

CanceledSubscription AdminService::CancelSubscription(const core::RequestMeta& req,
                                                      std::int64_t admin_id, std::int64_t user_id,
                                                      bool immediately) {
  if (!db_.Run([&](soci::session& s) { return users::FindById(s, user_id).has_value(); })) {
    throw ApiError::NotFound();
  }
  CanceledSubscription state = features_.cancel_subscription(user_id, immediately, req.request_id);
  boost::json::object changes{{"subscription_id", state.subscription_id},
                              {"immediately", immediately},
                              {"status", state.status}};
  db_.Run([&](soci::session& s) {
    repo::Audit(s, admin_id, user_id, "subscription.canceled", boost::json::serialize(changes),
                clock_.Now());
  });
  logger_.Info(logging::events::kAdminUserUpdated,
               {{"admin_id", admin_id},
                {"target_user_id", user_id},
                {"changes", {{"subscription", changes}}},
                {"ip", req.client_ip}},
               req.request_id);
  return state;
}

}  // namespace plangate::admin

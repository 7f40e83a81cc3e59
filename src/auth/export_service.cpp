#include "auth/export_service.h"

#include <soci/soci.h>

#include "apps/apps_repo.h"
#include "users/users_repo.h"
#include "billing/billing_repo.h"

namespace plangate::auth {

std::optional<AccountExport> ExportService::Export(
    std::int64_t user_id, const std::optional<std::string>& refresh_token) {
  const std::int64_t now = clock_.Now();
  auto out = db_.Transaction(
      [&](soci::session& s) -> std::optional<AccountExport> {
        auto view = users::FindViewById(s, user_id);
        if (!view) return std::nullopt;
        AccountExport e;
        e.user = std::move(*view);
        // Every app the user is a member of, a page at a time (the list has no upper bound).
        constexpr std::int64_t kPage = 100;
        for (std::int64_t offset = 0;; offset += kPage) {
          apps::AppPage page = apps::repo::ListForMember(s, user_id, kPage, offset);
          for (auto& a : page.apps) {
            (a.owner_id == user_id ? e.apps : e.collaborations).push_back(std::move(a));
          }
          if (static_cast<std::int64_t>(page.apps.size()) < kPage) break;
        }
        auto subscriptions = billing::repo::SubscriptionsOf(s, user_id);
        if (!subscriptions.empty()) e.subscription = subscriptions.front();
        e.sessions = LiveSessions(s, user_id, refresh_token, now);
        e.identities = oidc_repo::ListIdentities(s, user_id);
        return e;
      },
      db::TxMode::kRead);
  if (out) {
    out->user.app_limit = quota_.limit(out->user.user);
  }
  return out;
}

}  // namespace plangate::auth

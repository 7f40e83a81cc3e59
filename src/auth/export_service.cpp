#include "auth/export_service.h"

#include <soci/soci.h>

#include "users/users_repo.h"

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
        for (const ExportPart& part : parts_) {
          for (auto& [key, value] : part(s, user_id)) e.parts[key] = std::move(value);
        }
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

#include "auth/devices_service.h"

#include <soci/soci.h>

#include "auth/sessions_repo.h"
#include "core/crypto.h"
#include "core/log_events.h"
#include "http/errors.h"

namespace plangate::auth {

std::vector<SessionView> LiveSessions(soci::session& s, std::int64_t user_id,
                                      const std::optional<std::string>& refresh_token,
                                      std::int64_t now) {
  std::string current;
  // Only a cookie of a plausible size is worth a lookup.
  if (refresh_token && !refresh_token->empty() && refresh_token->size() <= 256) {
    current = devices::FamilyOfToken(s, user_id, core::Sha256Hex(*refresh_token));
  }
  std::vector<SessionView> out;
  for (auto& d : devices::ListLive(s, user_id, now)) {
    const bool is_current = !current.empty() && d.family_id == current;
    out.push_back(SessionView{std::move(d), is_current});
  }
  return out;
}

std::vector<SessionView> DevicesService::List(std::int64_t user_id,
                                              const std::optional<std::string>& refresh_token) {
  const std::int64_t now = clock_.Now();
  return db_.Transaction(
      [&](soci::session& s) { return LiveSessions(s, user_id, refresh_token, now); },
      db::TxMode::kRead);
}

void DevicesService::Revoke(const core::RequestMeta& req, std::int64_t user_id, std::int64_t id) {
  const std::int64_t now = clock_.Now();
  bool revoked = db_.Transaction([&](soci::session& s) {
    auto family = devices::FindLiveFamily(s, user_id, id, now);
    if (!family) return false;
    sessions::RevokeFamily(s, *family, now);
    return true;
  });
  // Another user's session answers like one that never existed.
  if (!revoked) throw http::ApiError::NotFound();
  logger_.Info(logging::events::kAuthSessionRevoked,
               {{"user_id", user_id}, {"session_id", id}, {"ip", req.client_ip}}, req.request_id);
}

}  // namespace plangate::auth

#pragma once
// Sessions (devices): the user's live refresh families, and revoking one.

#include <optional>
#include <string>
#include <vector>

#include "auth/devices_repo.h"
#include "core/clock.h"
#include "core/logging.h"
#include "core/request_meta.h"
#include "db/database.h"

namespace soci {
class session;
}

namespace plangate::auth {

struct SessionView {
  devices::Device device;
  bool current = false;  // the family of the refresh cookie that came with the call
};

// The user's live sessions, newest first, the cookie's family marked; in the caller's
// transaction (the export reads it with the rest).
std::vector<SessionView> LiveSessions(soci::session& s, std::int64_t user_id,
                                      const std::optional<std::string>& refresh_token,
                                      std::int64_t now);

class DevicesService {
 public:
  DevicesService(db::Database& db, const core::Clock& clock, const logging::Logger& logger)
      : db_(db), clock_(clock), logger_(logger) {}

  std::vector<SessionView> List(std::int64_t user_id,
                                const std::optional<std::string>& refresh_token);
  // Revokes the user's live session `id` at once; 404 NOT_FOUND when it is not one.
  void Revoke(const core::RequestMeta& req, std::int64_t user_id, std::int64_t id);

 private:
  db::Database& db_;
  const core::Clock& clock_;
  const logging::Logger& logger_;
};

}  // namespace plangate::auth

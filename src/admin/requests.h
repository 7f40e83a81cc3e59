#pragma once
// The staff routes' query strings and bodies: parsed and validated with no I/O. Each Read* throws
// http::ApiError (415, 404, or 400 BAD_REQUEST / VALIDATION_ERROR) exactly as the route answers.

#include <cstdint>
#include <optional>

#include "admin/admin_repo.h"
#include "http/message.h"
#include "http/pagination.h"

namespace plangate::admin {

inline constexpr std::int64_t kMaxAppLimitOverride = 2147483647;  // fits the INTEGER column

struct ListUsersRequest {
  http::PageRequest page;
  repo::UserQuery query;  // limit and offset, or the cursor's position, taken from page
  std::string ordering;   // as the query string names it ("-date_joined" when it does not)
  bool read_backward = false;
};

struct UserChanges {
  std::optional<bool> is_disabled_by_admin;
  bool set_override = false;
  std::optional<std::int64_t> app_limit_override;  // with set_override: null clears it
  // Only false (an admin turns two-factor sign-in off for a user who lost their device).
  std::optional<bool> mfa_enabled;
};

struct CancelSubscriptionRequest {
  bool immediately = false;
};

// The listing's filters and ordering from the query string; VALIDATION_ERROR on bad values.
repo::UserQuery ParseUserQuery(const http::Request& request);
// Pagination first, then the filters, so a bad page is reported on its own as before. A cursor
// made for another ordering (or holding a key of the wrong kind) is VALIDATION_ERROR on `cursor`.
ListUsersRequest ReadListUsersRequest(const http::Request& request);
UserChanges ReadUpdateUserRequest(const http::Request& request);
CancelSubscriptionRequest ReadCancelSubscriptionRequest(const http::Request& request);

}  // namespace plangate::admin

#pragma once
// What a User shows of the apps feature: how many apps the user owns, and how many they may own.
// Both rules belong to apps; the composition root hands them to auth, so auth includes nothing
// of apps.

#include <soci/soci.h>

#include <cstdint>
#include <functional>

#include "users/user.h"

namespace plangate::users {

struct AppQuota {
  // The user's owned apps, read in the caller's transaction.
  std::function<std::int64_t(soci::session&, std::int64_t user_id)> owned;
  // The user's limit (plan, or an admin's override).
  std::function<std::int64_t(const User&)> limit;
};

}  // namespace plangate::users

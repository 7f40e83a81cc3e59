#include "users/user_json.h"

#include "core/clock.h"

namespace plangate::users {

boost::json::object UserJson(const UserView& v) {
  const User& u = v.user;
  return {{"id", u.id},
          {"email", u.email},
          {"user_type", u.user_type},
          {"is_verified", u.is_verified},
          {"is_staff", u.is_staff},
          {"date_joined", core::FormatTimestamp(u.date_joined)},
          {"app_count", v.app_count},
          {"app_limit", v.app_limit},
          {"mfa_enabled", u.mfa_enabled},
          {"has_password", v.has_password}};
}

}  // namespace plangate::users

#pragma once
// A user as the API shows it (GET /auth/me, the admin views add fields to it).

#include <boost/json/object.hpp>

#include "users/user.h"

namespace plangate::users {

boost::json::object UserJson(const UserView& view);

}  // namespace plangate::users

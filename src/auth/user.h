#pragma once
// The user types auth works with come from users/ (the identity every feature shares); auth's
// own code names them unqualified.

#include "users/app_quota.h"
#include "users/user.h"
#include "users/user_json.h"

namespace plangate::auth {

using users::AppQuota;
using users::User;
using users::UserJson;
using users::UserView;
using users::ViewOf;

}  // namespace plangate::auth

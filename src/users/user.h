#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace plangate::users {

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string password_hash;
  std::string user_type = "basic";
  bool is_active = true;
  bool is_staff = false;
  bool is_verified = false;
  bool is_disabled_by_admin = false;
  std::int64_t date_joined = 0;
  std::optional<std::int64_t> last_login;
  std::optional<std::int64_t> app_limit_override;
  std::optional<std::string> stripe_customer_id;
  bool mfa_enabled = false;

  bool CanAuthenticate() const { return is_active && !is_disabled_by_admin; }
  // Users created by a sign-in with an OpenID Connect provider have none ("" in the column)
  // until they set one through password/forgot.
  bool HasPassword() const { return !password_hash.empty(); }
};

// A user as the API shows it: with the number of apps they own and the limit that applies.
struct UserView {
  User user;
  std::int64_t app_count = 0;
  std::int64_t app_limit = 0;
  // Apart from user.password_hash: a listing that reads no hashes still knows it (admin list).
  bool has_password = false;
};

inline UserView ViewOf(User user, std::int64_t app_count, std::int64_t app_limit) {
  const bool has_password = user.HasPassword();
  return UserView{std::move(user), app_count, app_limit, has_password};
}

}  // namespace plangate::users

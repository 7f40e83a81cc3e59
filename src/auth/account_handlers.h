#pragma once
// HTTP handlers for the caller's own account as a whole (DELETE /auth/me).

#include "auth/account_deletion.h"
#include "http/router.h"

namespace plangate::auth {

class AccountHandlers {
 public:
  explicit AccountHandlers(AccountDeletion& deletion) : deletion_(deletion) {}

  http::Response DeleteMe(http::Context& c);

 private:
  AccountDeletion& deletion_;
};

}  // namespace plangate::auth

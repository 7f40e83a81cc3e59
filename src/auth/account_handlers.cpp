#include "auth/account_handlers.h"

#include "auth/requests.h"

namespace plangate::auth {

http::Response AccountHandlers::DeleteMe(http::Context& c) {
  DeleteAccountRequest in = ReadDeleteAccountRequest(c.request);
  deletion_.Delete(c.request, c.principal->user_id, in);
  return http::Response::NoContent();
}

}  // namespace plangate::auth

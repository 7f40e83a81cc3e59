#include "auth/account_requests.h"

#include "http/fields.h"
#include "http/json_body.h"

namespace plangate::auth {

EmailChangeRequest ReadEmailChangeRequest(const http::Request& request) {
  return http::ReadJsonBody<EmailChangeRequest>(request,
                                                [](http::FieldReader& f, EmailChangeRequest& out) {
                                                  out.new_email = f.Email("new_email");
                                                  out.password = f.Password("password");
                                                });
}

TokenRequest ReadEmailChangeConfirmRequest(const http::Request& request) {
  return http::ReadJsonBody<TokenRequest>(request, [](http::FieldReader& f, TokenRequest& out) {
    out.token = f.String("token", http::StringRule{1, kMaxTokenLength, true});
  });
}

}  // namespace plangate::auth

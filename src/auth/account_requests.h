#pragma once
// The bodies of the v1.1 account routes (email change), parsed and validated with no I/O, like
// auth/requests.h: each Read* throws http::ApiError exactly as the route answers.

#include <string>

#include "auth/requests.h"
#include "http/message.h"

namespace plangate::auth {

struct EmailChangeRequest {
  std::string new_email;  // trimmed, lower-cased, valid
  std::string password;
};

EmailChangeRequest ReadEmailChangeRequest(const http::Request& request);
TokenRequest ReadEmailChangeConfirmRequest(const http::Request& request);

}  // namespace plangate::auth

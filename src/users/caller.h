#pragma once
// The caller's row as this request's authentication read it: ahead of dispatch on the I/O
// thread's pipelined connection (auth::Authenticator::ReadCallerAhead), or from the pool
// by Authenticator::Authenticate. It is kept in the request's extensions, so a handler that shows
// or checks the caller (GET /auth/me, an invitation) needs no second query.

#include <memory>
#include <stdexcept>

#include "http/message.h"
#include "users/user.h"

namespace plangate::users {

// Put as null when the token's user does not exist.
struct CallerRow {
  UserView view;
};

// The row authentication accepted, for a handler of a route that requires a user.
inline const UserView& CallerOf(const http::Request& request) {
  const CallerRow* row = request.extensions.Find<CallerRow>();
  if (!row) throw std::logic_error("CallerOf on a request no authentication accepted");
  return row->view;
}

}  // namespace plangate::users

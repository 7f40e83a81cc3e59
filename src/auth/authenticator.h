#pragma once
// Who is calling: verifies a request's Bearer access token and reads the user it names, for the
// routes that require one. It is the authentication middleware, so it sees the http::Request;
// the services behind the handlers never do.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "auth/user.h"
#include "core/clock.h"
#include "core/config.h"
#include "db/database.h"
#include "http/message.h"
#include "http/router.h"
#include "users/caller.h"

namespace plangate::db {
class PgPipeline;
}

namespace plangate::auth {

class Authenticator {
 public:
  Authenticator(const core::Config& config, db::Database& db, const core::Clock& clock,
                AppQuota quota)
      : config_(config), db_(db), clock_(clock), quota_(std::move(quota)) {}

  // The caller of a route that requires one; throws 401/403. Uses the row ReadCallerAhead put in
  // the request, if any, and reads it from the pool (and puts it there) otherwise: afterwards
  // CallerOf(req) is the caller's row. Read on every request, so disabling or deleting a user
  // takes effect at once.
  http::Principal Authenticate(http::Request& req, http::AuthRequirement requirement);
  // Verifies req's Bearer access token and starts reading the user it names on pg, without
  // blocking; the row goes into req's extensions as a CallerRow (which Authenticate then trusts
  // as the token's user), then done(true); done(false) when the pipeline could not answer.
  // Returns the user id, or 0 when it started nothing (no valid token, pg not ready). I/O thread
  // only.
  std::int64_t ReadCallerAhead(db::PgPipeline& pg, http::Request& req,
                               std::function<void(bool ready)> done) const;

 private:
  // The user id of a valid Bearer access token, or 0 with *problem set to the 401's detail.
  std::int64_t BearerSubject(const http::Request& req, const char** problem) const;
  // The row with the app limit that applies to it; null for no row.
  std::shared_ptr<const users::CallerRow> CallerRowOf(std::optional<UserView> view) const;

  const core::Config& config_;
  db::Database& db_;
  const core::Clock& clock_;
  AppQuota quota_;
};

}  // namespace plangate::auth

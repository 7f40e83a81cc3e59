#include "auth/authenticator.h"

#include <charconv>

#include "auth/auth_errors.h"
#include "auth/jwt.h"
#include "db/pg_pipeline.h"
#include "http/errors.h"
#include "users/users_repo.h"

namespace plangate::auth {

using http::ApiError;

std::int64_t Authenticator::BearerSubject(const http::Request& req, const char** problem) const {
  auto header = req.HeaderValue("Authorization");
  if (!header) {
    *problem = "Authentication credentials were not provided.";
    return 0;
  }
  std::string_view value = *header;
  if (value.size() < 7 || !http::EqualsIgnoreCase(value.substr(0, 7), "Bearer ")) {
    *problem = "Authorization header must be: Bearer <access token>.";
    return 0;
  }
  value.remove_prefix(7);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  *problem = "Given token not valid for any token type.";
  auto decoded = DecodeAccessToken(value, config_.jwt_signing_key, clock_.Now());
  if (!decoded.claims) return 0;
  std::int64_t id = 0;
  const std::string& sub = decoded.claims->sub;
  auto [end, ec] = std::from_chars(sub.data(), sub.data() + sub.size(), id);
  if (ec != std::errc() || end != sub.data() + sub.size() || id <= 0) return 0;
  *problem = nullptr;
  return id;
}

std::int64_t Authenticator::ReadCallerAhead(db::PgPipeline& pg, http::Request& req,
                                            std::function<void(bool ready)> done) const {
  const char* problem = nullptr;
  const std::int64_t id = BearerSubject(req, &problem);
  if (id == 0) return 0;  // Authenticate answers 401 without reading anything
  const bool sent = pg.Query(users::ViewByIdStatement(), {id},
                             [this, &req, id, done = std::move(done)](const db::PgResult* result) {
                               bool answered = result != nullptr;
                               std::optional<UserView> view;
                               if (result && result->rows() > 0) {
                                 view = users::ViewFromRow(result->row(0));
                                 // A row that does not read back, or is not the caller's (which
                                 // would be a bug, and must never authenticate anyone), is left to
                                 // the pool's read.
                                 answered = view && view->user.id == id;
                               }
                               if (answered) req.extensions.Put(CallerRowOf(std::move(view)));
                               done(answered);
                             });
  return sent ? id : 0;
}

std::shared_ptr<const users::CallerRow> Authenticator::CallerRowOf(
    std::optional<UserView> view) const {
  if (!view) return nullptr;
  view->app_limit = quota_.limit(view->user);
  return std::make_shared<const users::CallerRow>(users::CallerRow{std::move(*view)});
}

http::Principal Authenticator::Authenticate(http::Request& req, http::AuthRequirement requirement) {
  // Read on every request (ahead, by ReadCallerAhead, which verified the same token, or here):
  // disabling or deleting a user takes effect at once.
  if (!req.extensions.Has<users::CallerRow>()) {
    const char* problem = nullptr;
    const std::int64_t id = BearerSubject(req, &problem);
    if (id == 0) throw NotAuthenticated(problem);
    req.extensions.Put(
        CallerRowOf(db_.Run([&](soci::session& s) { return users::FindViewById(s, id); })));
  }
  const users::CallerRow* row = req.extensions.Find<users::CallerRow>();
  if (!row) throw NotAuthenticated("User not found.");
  const User& user = row->view.user;
  if (!user.CanAuthenticate()) throw AccountDisabled();
  if (requirement == http::AuthRequirement::kStaff && !user.is_staff) {
    throw ApiError(core::errors::kPermissionDenied,
                   "You do not have permission to perform this action.");
  }
  return http::Principal{user.id, user.is_staff};
}

}  // namespace plangate::auth

#include "auth/account_handlers.h"

#include <boost/json/serialize.hpp>

#include "auth/account_requests.h"
#include "auth/handlers.h"
#include "auth/oidc_handlers.h"
#include "auth/requests.h"
#include "core/clock.h"
#include "http/errors.h"

namespace plangate::auth {

using http::Response;

namespace {
boost::json::value OrNull(const std::optional<std::string>& v) {
  if (!v) return nullptr;
  return boost::json::string(*v);
}

boost::json::array SessionsJson(const std::vector<SessionView>& sessions) {
  boost::json::array out;
  for (const auto& s : sessions) out.push_back(SessionJson(s));
  return out;
}

}  // namespace

boost::json::object SessionJson(const SessionView& s) {
  return {{"id", s.device.id},
          {"created_at", core::FormatTimestamp(s.device.created_at)},
          {"last_used_at", core::FormatTimestamp(s.device.last_used_at)},
          {"ip", OrNull(s.device.ip)},
          {"user_agent", OrNull(s.device.user_agent)},
          {"current", s.current}};
}

Response AccountHandlers::ListSessions(http::Context& c) {
  auto sessions = devices_.List(c.principal->user_id, RefreshCookieOf(c.request));
  Response r = Response::Json(
      200, boost::json::serialize(boost::json::object{{"results", SessionsJson(sessions)}}));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response AccountHandlers::RevokeSession(http::Context& c) {
  devices_.Revoke(c.request.Meta(), c.principal->user_id, c.request.Param("id"));
  return Response::NoContent();
}

Response AccountHandlers::ChangeEmail(http::Context& c) {
  EmailChangeRequest in = ReadEmailChangeRequest(c.request);
  email_change_.Request(c.request.Meta(), c.principal->user_id, in.new_email, in.password);
  return Response::Json(
      202,
      boost::json::serialize(boost::json::object{
          {"detail", "If the address can be used, a confirmation link is on its way to it."}}));
}

Response AccountHandlers::ConfirmEmailChange(http::Context& c) {
  TokenRequest in = ReadEmailChangeConfirmRequest(c.request);
  UserView user = email_change_.Confirm(c.request.Meta(), in.token, RefreshCookieOf(c.request));
  return Response::Json(200, boost::json::serialize(UserJson(user)));
}

Response AccountHandlers::Export(http::Context& c) {
  auto data = exports_.Export(c.principal->user_id, RefreshCookieOf(c.request));
  if (!data) throw http::ApiError::NotFound();
  boost::json::object body{{"user", UserJson(data->user)}};
  for (auto& [key, value] : data->parts) body[key] = std::move(value);
  body["sessions"] = SessionsJson(data->sessions);
  body["identities"] = IdentitiesJson(data->identities);
  Response r = Response::Json(200, boost::json::serialize(body));
  r.SetHeader("Content-Disposition", "attachment; filename=\"plangate-export.json\"");
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response AccountHandlers::DeleteMe(http::Context& c) {
  DeleteAccountRequest in = ReadDeleteAccountRequest(c.request);
  in.refresh_token = RefreshCookieOf(c.request);
  deletion_.Delete(c.request.Meta(), c.principal->user_id, in);
  return Response::NoContent();
}

}  // namespace plangate::auth

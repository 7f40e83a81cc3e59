#include "apps/invitation_handlers.h"

#include <boost/json/array.hpp>

#include "apps/handlers.h"
#include "apps/invitation_requests.h"
#include "core/clock.h"
#include "http/json_body.h"
#include "users/caller.h"

namespace plangate::apps {

using http::Response;

boost::json::object InvitationJson(const Invitation& i) {
  return {{"id", i.id},
          {"app_id", i.app_id},
          {"email", i.email},
          {"role", RoleName(i.role)},
          {"invited_by", i.invited_by},
          {"created_at", core::FormatTimestamp(i.created_at)},
          {"expires_at", core::FormatTimestamp(i.expires_at)}};
}

boost::json::object InvitationPreviewJson(const InvitationPreview& p) {
  return {{"app_id", p.app_id},
          {"app_name", p.app_name},
          {"invited_by_email", p.invited_by_email},
          {"role", RoleName(p.role)},
          {"email", p.email},
          {"expires_at", core::FormatTimestamp(p.expires_at)}};
}

Response InvitationHandlers::CreateInvitation(http::Context& c) {
  CreateInvitationRequest in = ReadCreateInvitationRequest(c.request);
  return http::JsonResponse(
      201, InvitationJson(service_.Create(c.request.Meta(), users::CallerOf(c.request).user,
                                          c.request.Param("id"), in.email, in.role)));
}

Response InvitationHandlers::ListInvitations(http::Context& c) {
  boost::json::array items;
  for (const auto& i : service_.ListPending(c.principal->user_id, c.request.Param("id"))) {
    items.push_back(InvitationJson(i));
  }
  return http::JsonResponse(200, boost::json::object{{"results", std::move(items)}});
}

Response InvitationHandlers::RevokeInvitation(http::Context& c) {
  service_.Revoke(c.request.Meta(), c.principal->user_id, c.request.Param("id"),
                  c.request.Param("invitation_id"));
  return Response::NoContent();
}

Response InvitationHandlers::LookupInvitation(http::Context& c) {
  InvitationTokenRequest in = ReadInvitationTokenRequest(c.request);
  return http::JsonResponse(200,
                            InvitationPreviewJson(service_.Lookup(c.request.Meta(), in.token)));
}

Response InvitationHandlers::AcceptInvitation(http::Context& c) {
  InvitationTokenRequest in = ReadInvitationTokenRequest(c.request);
  return http::JsonResponse(
      200, AppJson(service_.Accept(c.request.Meta(), users::CallerOf(c.request).user, in.token)));
}

}  // namespace plangate::apps

#include "apps/handlers.h"

#include <boost/json/serialize.hpp>

#include "app/clock.h"
#include "apps/requests.h"
#include "http/json_body.h"
#include "http/pagination.h"

namespace plangate::apps {

using http::Response;

boost::json::object AppJson(const MemberApp& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"description", a.description},
          {"owner_id", a.owner_id},
          {"role", RoleName(a.role)},
          {"created_at", app::FormatTimestamp(a.created_at)},
          {"updated_at", app::FormatTimestamp(a.updated_at)}};
}

boost::json::object CollaboratorJson(const Collaborator& c) {
  return {{"user_id", c.user_id},
          {"email", c.email},
          {"role", RoleName(c.role)},
          {"added_at", app::FormatTimestamp(c.added_at)}};
}

Response AppsHandlers::ListApps(http::Context& c) {
  http::PageRequest page = http::ParsePageRequest(c.request);
  AppPage result = service_.List(c.principal->user_id, page.page_size, page.Offset());
  boost::json::array items;
  items.reserve(result.apps.size());
  for (const auto& a : result.apps) items.push_back(AppJson(a));
  return http::JsonResponse(200, http::PageJson(c.request, page, result.count, std::move(items)));
}

Response AppsHandlers::CreateApp(http::Context& c) {
  CreateAppRequest in = ReadCreateAppRequest(c.request);
  return http::JsonResponse(
      201, AppJson(service_.Create(c.request, c.principal->user_id, in.name, in.description)));
}

Response AppsHandlers::GetApp(http::Context& c) {
  return http::JsonResponse(200,
                            AppJson(service_.Get(c.principal->user_id, c.request.Param("id"))));
}

Response AppsHandlers::UpdateApp(http::Context& c) {
  UpdateAppRequest in = ReadUpdateAppRequest(c.request);
  return http::JsonResponse(
      200, AppJson(service_.Update(c.principal->user_id, c.request.Param("id"), in.name,
                                   in.description)));
}

Response AppsHandlers::DeleteApp(http::Context& c) {
  service_.Delete(c.principal->user_id, c.request.Param("id"));
  return Response::NoContent();
}

Response AppsHandlers::ListCollaborators(http::Context& c) {
  boost::json::array items;
  for (const auto& m : service_.Collaborators(c.principal->user_id, c.request.Param("id"))) {
    items.push_back(CollaboratorJson(m));
  }
  return http::JsonResponse(200, boost::json::object{{"results", std::move(items)}});
}

Response AppsHandlers::AddCollaborator(http::Context& c) {
  AddCollaboratorRequest in = ReadAddCollaboratorRequest(c.request);
  return http::JsonResponse(
      201, CollaboratorJson(service_.AddCollaborator(c.principal->user_id, c.request.Param("id"),
                                                     in.email, in.role)));
}

Response AppsHandlers::UpdateCollaborator(http::Context& c) {
  UpdateCollaboratorRequest in = ReadUpdateCollaboratorRequest(c.request);
  return http::JsonResponse(
      200, CollaboratorJson(service_.SetCollaboratorRole(
               c.principal->user_id, c.request.Param("id"), c.request.Param("user_id"), in.role)));
}

Response AppsHandlers::RemoveCollaborator(http::Context& c) {
  service_.RemoveCollaborator(c.principal->user_id, c.request.Param("id"),
                              c.request.Param("user_id"));
  return Response::NoContent();
}

}  // namespace plangate::apps

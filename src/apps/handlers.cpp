#include "apps/handlers.h"

#include <boost/json/serialize.hpp>

#include "app/clock.h"
#include "http/errors.h"
#include "http/fields.h"
#include "http/json_body.h"
#include "http/pagination.h"

namespace plangate::apps {

using http::Response;

namespace {
constexpr http::StringRule kName{1, 100, true};
constexpr http::StringRule kDescription{0, 1000, true};

// A required "role" of editor or viewer.
Role ReadAssignableRole(http::FieldReader& f) {
  std::string text = f.String("role", {1, 20, true});
  auto role = ParseRole(text);
  if (!f.HasError("role") && (!role || !IsAssignable(*role))) {
    f.AddError("role", "\"" + text + "\" is not a valid choice: use editor or viewer.");
  }
  return role.value_or(Role::kViewer);
}
}  // namespace

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
  auto body = http::ParseJsonObject(c.request);
  http::FieldReader f(body);
  std::string name = f.String("name", kName);
  std::string description = f.OptionalString("description", kDescription).value_or("");
  f.Finish();
  return http::JsonResponse(
      201, AppJson(service_.Create(c.request, c.principal->user_id, name, description)));
}

Response AppsHandlers::GetApp(http::Context& c) {
  return http::JsonResponse(200,
                            AppJson(service_.Get(c.principal->user_id, c.request.Param("id"))));
}

Response AppsHandlers::UpdateApp(http::Context& c) {
  auto body = http::ParseJsonObject(c.request);
  http::FieldReader f(body);
  auto name = f.OptionalString("name", kName);
  auto description = f.OptionalString("description", kDescription);
  f.Finish();
  return http::JsonResponse(
      200,
      AppJson(service_.Update(c.principal->user_id, c.request.Param("id"), name, description)));
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
  auto body = http::ParseJsonObject(c.request);
  http::FieldReader f(body);
  std::string email = f.Email("email");
  Role role = ReadAssignableRole(f);
  f.Finish();
  return http::JsonResponse(201, CollaboratorJson(service_.AddCollaborator(
                                     c.principal->user_id, c.request.Param("id"), email, role)));
}

Response AppsHandlers::UpdateCollaborator(http::Context& c) {
  auto body = http::ParseJsonObject(c.request);
  http::FieldReader f(body);
  Role role = ReadAssignableRole(f);
  f.Finish();
  return http::JsonResponse(
      200, CollaboratorJson(service_.SetCollaboratorRole(
               c.principal->user_id, c.request.Param("id"), c.request.Param("user_id"), role)));
}

Response AppsHandlers::RemoveCollaborator(http::Context& c) {
  service_.RemoveCollaborator(c.principal->user_id, c.request.Param("id"),
                              c.request.Param("user_id"));
  return Response::NoContent();
}

}  // namespace plangate::apps

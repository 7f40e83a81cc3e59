#include "apps/handlers.h"

#include <array>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>

#include "apps/apps_repo.h"
#include "apps/requests.h"
#include "core/clock.h"
#include "db/pg_pipeline.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "http/pagination.h"

namespace plangate::apps {

using http::Response;

boost::json::object AppJson(const MemberApp& a, boost::json::storage_ptr storage) {
  boost::json::object o(std::move(storage));
  o.reserve(7);
  o.emplace("id", a.id);
  o.emplace("name", a.name);
  o.emplace("description", a.description);
  o.emplace("owner_id", a.owner_id);
  o.emplace("role", RoleName(a.role));
  o.emplace("created_at", core::TimestampText(a.created_at).view());
  o.emplace("updated_at", core::TimestampText(a.updated_at).view());
  return o;
}

boost::json::object CollaboratorJson(const Collaborator& c) {
  return {{"user_id", c.user_id},
          {"email", c.email},
          {"role", RoleName(c.role)},
          {"added_at", core::FormatTimestamp(c.added_at)}};
}

Response AppsHandlers::ListApps(http::Context& c) {
  http::PageRequest page = http::ParsePageRequest(c.request);
  AppPage read;
  const AppPage* result = c.request.extensions.Find<AppPage>();
  if (!result) {
    read = service_.List(c.principal->user_id, page.page_size, page.Offset());
    result = &read;
  }
  // A page is built and serialised at once: its JSON lives in one arena on the stack instead of
  // a heap block per key and value.
  std::array<unsigned char, 16384> arena;
  boost::json::monotonic_resource memory(arena.data(), arena.size());
  boost::json::array items(&memory);
  items.reserve(result->apps.size());
  for (const auto& a : result->apps) items.push_back(AppJson(a, &memory));
  return http::JsonResponse(200, http::PageJson(c.request, page, result->count, std::move(items)));
}

bool AppsHandlers::ReadListAhead(db::PgPipeline& pg, std::int64_t caller_id, http::Request& request,
                                 std::function<void(bool ready)> done) const {
  http::PageRequest page;
  try {
    page = http::ParsePageRequest(request);
  } catch (const http::ApiError&) {
    return false;  // ListApps answers 400 without reading anything
  }
  return pg.Query(repo::PageForMemberStatement(), {caller_id, page.page_size, page.Offset()},
                  [&request, done = std::move(done)](const db::PgResult* result) {
                    std::optional<AppPage> read;
                    if (result) read = repo::PageFromResult(*result);
                    if (read) {
                      request.extensions.Put(std::make_shared<const AppPage>(std::move(*read)));
                    }
                    done(read.has_value());
                  });
}

Response AppsHandlers::CreateApp(http::Context& c) {
  CreateAppRequest in = ReadCreateAppRequest(c.request);
  return http::JsonResponse(201, AppJson(service_.Create(c.request.Meta(), c.principal->user_id,
                                                         in.name, in.description)));
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

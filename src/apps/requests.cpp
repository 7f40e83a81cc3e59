#include "apps/requests.h"

#include "http/fields.h"
#include "http/json_body.h"

namespace plangate::apps {

namespace {
constexpr http::StringRule kName{1, kMaxNameLength, true};
constexpr http::StringRule kDescription{0, kMaxDescriptionLength, true};

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

CreateAppRequest ReadCreateAppRequest(const http::Request& request) {
  return http::ReadJsonBody<CreateAppRequest>(
      request, [](http::FieldReader& f, CreateAppRequest& out) {
        out.name = f.String("name", kName);
        out.description = f.OptionalString("description", kDescription).value_or("");
      });
}

UpdateAppRequest ReadUpdateAppRequest(const http::Request& request) {
  return http::ReadJsonBody<UpdateAppRequest>(
      request, [](http::FieldReader& f, UpdateAppRequest& out) {
        out.name = f.OptionalString("name", kName);
        out.description = f.OptionalString("description", kDescription);
      });
}

AddCollaboratorRequest ReadAddCollaboratorRequest(const http::Request& request) {
  return http::ReadJsonBody<AddCollaboratorRequest>(
      request, [](http::FieldReader& f, AddCollaboratorRequest& out) {
        out.email = f.Email("email");
        out.role = ReadAssignableRole(f);
      });
}

UpdateCollaboratorRequest ReadUpdateCollaboratorRequest(const http::Request& request) {
  return http::ReadJsonBody<UpdateCollaboratorRequest>(
      request, [](http::FieldReader& f, UpdateCollaboratorRequest& out) {
        out.role = ReadAssignableRole(f);
      });
}

}  // namespace plangate::apps

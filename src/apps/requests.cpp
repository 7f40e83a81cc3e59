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
  auto body = http::ParseJsonObject(request);
  http::FieldReader f(body);
  CreateAppRequest out;
  out.name = f.String("name", kName);
  out.description = f.OptionalString("description", kDescription).value_or("");
  f.Finish();
  return out;
}

UpdateAppRequest ReadUpdateAppRequest(const http::Request& request) {
  auto body = http::ParseJsonObject(request);
  http::FieldReader f(body);
  UpdateAppRequest out;
  out.name = f.OptionalString("name", kName);
  out.description = f.OptionalString("description", kDescription);
  f.Finish();
  return out;
}

AddCollaboratorRequest ReadAddCollaboratorRequest(const http::Request& request) {
  auto body = http::ParseJsonObject(request);
  http::FieldReader f(body);
  AddCollaboratorRequest out;
  out.email = f.Email("email");
  out.role = ReadAssignableRole(f);
  f.Finish();
  return out;
}

UpdateCollaboratorRequest ReadUpdateCollaboratorRequest(const http::Request& request) {
  auto body = http::ParseJsonObject(request);
  http::FieldReader f(body);
  UpdateCollaboratorRequest out;
  out.role = ReadAssignableRole(f);
  f.Finish();
  return out;
}

}  // namespace plangate::apps

#pragma once
// The bodies of the /api/v1/apps* requests: parsed and validated with no I/O. Each Read* throws
// http::ApiError (415, or 400 BAD_REQUEST / VALIDATION_ERROR) exactly as the route answers.

#include <optional>
#include <string>

#include "apps/roles.h"
#include "http/message.h"

namespace plangate::apps {

inline constexpr std::size_t kMaxNameLength = 100;          // code points
inline constexpr std::size_t kMaxDescriptionLength = 1000;  // code points

struct CreateAppRequest {
  std::string name;
  std::string description;  // "" when absent
};

// Absent fields stay as they are.
struct UpdateAppRequest {
  std::optional<std::string> name;
  std::optional<std::string> description;
};

struct AddCollaboratorRequest {
  std::string email;
  Role role = Role::kViewer;  // editor or viewer, never owner
};

struct UpdateCollaboratorRequest {
  Role role = Role::kViewer;  // editor or viewer, never owner
};

CreateAppRequest ReadCreateAppRequest(const http::Request& request);
UpdateAppRequest ReadUpdateAppRequest(const http::Request& request);
AddCollaboratorRequest ReadAddCollaboratorRequest(const http::Request& request);
UpdateCollaboratorRequest ReadUpdateCollaboratorRequest(const http::Request& request);

}  // namespace plangate::apps

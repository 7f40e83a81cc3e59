#pragma once
// The bodies of the invitation routes: parsed and validated with no I/O. Each Read* throws
// http::ApiError (415, or 400 BAD_REQUEST / VALIDATION_ERROR) exactly as the route answers.

#include <string>

#include "apps/roles.h"
#include "http/message.h"

namespace plangate::apps {

// Longer than any token this service mails (43 characters); anything longer is simply unknown.
inline constexpr std::size_t kMaxInvitationTokenLength = 256;

struct CreateInvitationRequest {
  std::string email;          // trimmed, lower-cased
  Role role = Role::kViewer;  // editor or viewer, never owner
};

struct InvitationTokenRequest {
  std::string token;
};

CreateInvitationRequest ReadCreateInvitationRequest(const http::Request& request);
// lookup and accept.
InvitationTokenRequest ReadInvitationTokenRequest(const http::Request& request);

}  // namespace plangate::apps

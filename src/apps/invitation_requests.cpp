#include "apps/invitation_requests.h"

#include "apps/requests.h"
#include "http/fields.h"
#include "http/json_body.h"

namespace plangate::apps {

CreateInvitationRequest ReadCreateInvitationRequest(const http::Request& request) {
  // The same fields, rules and messages as adding a collaborator.
  AddCollaboratorRequest in = ReadAddCollaboratorRequest(request);
  return CreateInvitationRequest{std::move(in.email), in.role};
}

InvitationTokenRequest ReadInvitationTokenRequest(const http::Request& request) {
  return http::ReadJsonBody<InvitationTokenRequest>(
      request, [](http::FieldReader& f, InvitationTokenRequest& out) {
        out.token = f.String("token", {1, kMaxInvitationTokenLength, true});
      });
}

}  // namespace plangate::apps

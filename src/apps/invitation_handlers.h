#pragma once
// HTTP handlers for /api/v1/apps/{id}/invitations* and /api/v1/invitations/*: parse, call
// InvitationsService, render.

#include <boost/json/object.hpp>

#include "apps/invitations_service.h"
#include "http/router.h"

namespace plangate::apps {

class InvitationHandlers {
 public:
  explicit InvitationHandlers(InvitationsService& service) : service_(service) {}

  http::Response CreateInvitation(http::Context& c);
  http::Response ListInvitations(http::Context& c);
  http::Response RevokeInvitation(http::Context& c);
  http::Response LookupInvitation(http::Context& c);
  http::Response AcceptInvitation(http::Context& c);

 private:
  InvitationsService& service_;
};

boost::json::object InvitationJson(const Invitation& i);
boost::json::object InvitationPreviewJson(const InvitationPreview& p);

}  // namespace plangate::apps

#pragma once
// The apps feature's routes (/api/v1/apps/*, invitations); app/ joins the lists.

#include <vector>

#include "apps/handlers.h"
#include "apps/invitation_handlers.h"
#include "http/router.h"

namespace plangate::apps {

std::vector<http::Route> AppsRoutes(AppsHandlers& apps, InvitationHandlers& invitations);

}  // namespace plangate::apps

#pragma once
// HTTP handlers for /api/v1/apps*: parse, call AppsService, render.

#include <boost/json/object.hpp>

#include "apps/service.h"
#include "http/router.h"

namespace plangate::apps {

class AppsHandlers {
 public:
  explicit AppsHandlers(AppsService& service) : service_(service) {}

  http::Response ListApps(http::Context& c);
  http::Response CreateApp(http::Context& c);
  http::Response GetApp(http::Context& c);
  http::Response UpdateApp(http::Context& c);
  http::Response DeleteApp(http::Context& c);
  http::Response ListCollaborators(http::Context& c);
  http::Response AddCollaborator(http::Context& c);
  http::Response UpdateCollaborator(http::Context& c);
  http::Response RemoveCollaborator(http::Context& c);

 private:
  AppsService& service_;
};

boost::json::object AppJson(const MemberApp& app);
boost::json::object CollaboratorJson(const Collaborator& c);

}  // namespace plangate::apps

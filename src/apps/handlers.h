#pragma once
// HTTP handlers for /api/v1/apps*: parse, call AppsService, render.

#include <boost/json/object.hpp>

#include "apps/service.h"
#include "db/read_ahead.h"
#include "http/router.h"

namespace plangate::apps {

class AppsHandlers {
 public:
  explicit AppsHandlers(AppsService& service) : service_(service) {}

  http::Response ListApps(http::Context& c);
  // ListApps' read, ahead of it on the I/O thread's pipelined connection (a
  // db::ReadAhead<http::Request>): the page goes into the request's extensions.
  bool ReadListAhead(db::PgPipeline& pg, std::int64_t caller_id, http::Request& request,
                     std::function<void(bool ready)> done) const;
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

boost::json::object AppJson(const MemberApp& app, boost::json::storage_ptr storage = {});
boost::json::object CollaboratorJson(const Collaborator& c);

}  // namespace plangate::apps

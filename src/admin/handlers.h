#pragma once
// HTTP handlers for /api/v1/admin/* (staff only, by the route table).

#include <boost/json/object.hpp>

#include "admin/service.h"
#include "core/logging.h"
#include "http/router.h"

namespace plangate::admin {

class AdminHandlers {
 public:
  AdminHandlers(AdminService& service, const logging::Logger& logger)
      : service_(service), logger_(logger) {}

  http::Response ListUsers(http::Context& c);
  http::Response GetUser(http::Context& c);
  http::Response UpdateUser(http::Context& c);
  http::Response CancelSubscription(http::Context& c);

 private:
  AdminService& service_;
  const logging::Logger& logger_;
};

boost::json::object AdminUserJson(const AdminUser& u);
boost::json::object AdminUserDetailJson(const AdminUserDetail& d);

}  // namespace plangate::admin

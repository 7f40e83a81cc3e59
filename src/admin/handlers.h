#pragma once
// HTTP handlers for /api/v1/admin/* (staff only, by the route table).

#include <boost/json/object.hpp>

#include "admin/service.h"
#include "core/logging.h"
#include "http/router.h"

namespace plangate::admin {

class AdminHandlers {
 public:
  explicit AdminHandlers(AdminService& service) : service_(service) {}

  http::Response ListUsers(http::Context& c);
  http::Response GetUser(http::Context& c);
  http::Response UpdateUser(http::Context& c);
  http::Response CancelSubscription(http::Context& c);

 private:
  AdminService& service_;
};

boost::json::object AdminUserJson(const AdminUser& u);
boost::json::object AdminUserDetailJson(const AdminUserDetail& d);

}  // namespace plangate::admin

#include "admin/handlers.h"

#include <boost/json/serialize.hpp>

#include "admin/requests.h"
#include "core/clock.h"
#include "http/json_body.h"
#include "http/pagination.h"
#include "users/user_json.h"

namespace plangate::admin {

using http::Response;

boost::json::object AdminUserJson(const AdminUser& a) {
  const auto& u = a.user;
  boost::json::object o = users::UserJson(a);
  o["is_disabled_by_admin"] = u.is_disabled_by_admin;
  o["last_login"] = http::TimestampOrNull(u.last_login);
  o["app_limit_override"] = u.app_limit_override ? boost::json::value(*u.app_limit_override)
                                                 : boost::json::value(nullptr);
  return o;
}

boost::json::object AdminUserDetailJson(const AdminUserDetail& d) {
  boost::json::object o = AdminUserJson(d.base);
  o["subscription"] = d.subscription;
  o["collaboration_count"] = d.collaboration_count;
  o["stripe_customer_id"] = d.base.user.stripe_customer_id
                                ? boost::json::value(*d.base.user.stripe_customer_id)
                                : boost::json::value(nullptr);
  return o;
}

Response AdminHandlers::ListUsers(http::Context& c) {
  ListUsersRequest in = ReadListUsersRequest(c.request);
  UserPage result = service_.ListUsers(in.query);
  if (in.read_backward && !result.more &&
      static_cast<std::int64_t>(result.users.size()) < in.query.limit) {
    // The head of the list, short of a page (users before it left): the first page, whole.
    in.query.position.reset();
    in.query.before = false;
    in.query.offset = 0;
    in.read_backward = false;
    in.page.page = 1;
    result = service_.ListUsers(in.query);
  }
  boost::json::array items;
  for (const auto& u : result.users) items.push_back(AdminUserJson(u));
  http::KeysetPage page{in.page.page, in.read_backward, result.more, std::nullopt, std::nullopt};
  auto place = [&](const AdminUser& u) {
    repo::Position p = repo::PositionOf(u.user, in.query.order);
    return http::PageCursor{0, false, in.ordering, std::move(p.key), p.id};
  };
  if (!result.users.empty()) {
    page.first = place(result.users.front());
    page.last = place(result.users.back());
  }
  return http::JsonResponse(200,
                            http::KeysetPageJson(c.request, page, result.count, std::move(items)));
}

Response AdminHandlers::GetUser(http::Context& c) {
  return http::JsonResponse(200, AdminUserDetailJson(service_.GetUser(c.request.Param("id"))));
}

Response AdminHandlers::UpdateUser(http::Context& c) {
  UserChanges changes = ReadUpdateUserRequest(c.request);
  return http::JsonResponse(
      200, AdminUserDetailJson(service_.UpdateUser(c.request.Meta(), c.principal->user_id,
                                                   c.request.Param("id"), changes)));
}

Response AdminHandlers::CancelSubscription(http::Context& c) {
  CancelSubscriptionRequest in = ReadCancelSubscriptionRequest(c.request);
  CanceledSubscription state = service_.CancelSubscription(c.request.Meta(), c.principal->user_id,
                                                           c.request.Param("id"), in.immediately);
  return http::JsonResponse(200, std::move(state.json));
}

}  // namespace plangate::admin

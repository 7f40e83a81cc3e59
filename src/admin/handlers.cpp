#include "admin/handlers.h"

#include <boost/json/serialize.hpp>

#include "app/clock.h"
#include "auth/handlers.h"
#include "billing/handlers.h"
#include "http/errors.h"
#include "http/fields.h"
#include "http/json_body.h"
#include "http/pagination.h"

namespace plangate::admin {

using http::Response;

namespace {
std::optional<bool> ParseBoolParam(const http::Request& req, const char* name,
                                   boost::json::object& errors) {
  auto text = http::QueryParam(req, name);
  if (!text) return std::nullopt;
  std::string v = http::LowerAscii(*text);
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  errors[name] = boost::json::array{"Must be true or false."};
  return std::nullopt;
}
}  // namespace

boost::json::object AdminUserJson(const AdminUser& a) {
  const auto& u = a.user;
  boost::json::object o = auth::UserJson(a);
  o["is_disabled_by_admin"] = u.is_disabled_by_admin;
  o["last_login"] = http::TimestampOrNull(u.last_login);
  o["app_limit_override"] = u.app_limit_override ? boost::json::value(*u.app_limit_override)
                                                 : boost::json::value(nullptr);
  return o;
}

boost::json::object AdminUserDetailJson(const AdminUserDetail& d) {
  boost::json::object o = AdminUserJson(d.base);
  o["subscription"] = billing::SubscriptionJson(d.subscription);
  o["collaboration_count"] = d.collaboration_count;
  o["stripe_customer_id"] = d.base.user.stripe_customer_id
                                ? boost::json::value(*d.base.user.stripe_customer_id)
                                : boost::json::value(nullptr);
  return o;
}

repo::UserQuery ParseUserQuery(const http::Request& req) {
  repo::UserQuery q;
  boost::json::object errors;
  if (auto search = http::QueryParam(req, "search")) {
    std::string term = http::LowerAscii(http::TrimWhitespace(*search));
    if (http::CodePointCount(term) > 254) {
      errors["search"] = boost::json::array{"Ensure this value has at most 254 characters."};
    } else if (!term.empty()) {
      q.search = term;
    }
  }
  if (auto type = http::QueryParam(req, "user_type")) {
    if (*type == "basic" || *type == "pro") {
      q.user_type = *type;
    } else {
      errors["user_type"] = boost::json::array{"Select a valid choice: basic or pro."};
    }
  }
  q.is_disabled = ParseBoolParam(req, "is_disabled", errors);
  q.is_verified = ParseBoolParam(req, "is_verified", errors);
  if (auto ordering = http::QueryParam(req, "ordering")) {
    std::string_view field = *ordering;
    q.descending = !field.empty() && field.front() == '-';
    if (q.descending) field.remove_prefix(1);
    if (field == "email") {
      q.order = repo::OrderField::kEmail;
    } else if (field == "date_joined") {
      q.order = repo::OrderField::kDateJoined;
    } else if (field == "last_login") {
      q.order = repo::OrderField::kLastLogin;
    } else {
      errors["ordering"] = boost::json::array{
          "Order by one of: email, date_joined, last_login (prefix - for descending)."};
    }
  }
  if (!errors.empty()) throw http::ApiError::Validation(std::move(errors));
  return q;
}

Response AdminHandlers::ListUsers(http::Context& c) {
  http::PageRequest page = http::ParsePageRequest(c.request);
  repo::UserQuery query = ParseUserQuery(c.request);
  query.limit = page.page_size;
  query.offset = page.Offset();
  UserPage result = service_.ListUsers(query);
  boost::json::array items;
  for (const auto& u : result.users) items.push_back(AdminUserJson(u));
  return http::JsonResponse(200, http::PageJson(c.request, page, result.count, std::move(items)));
}

Response AdminHandlers::GetUser(http::Context& c) {
  return http::JsonResponse(200, AdminUserDetailJson(service_.GetUser(c.request.Param("id"))));
}

Response AdminHandlers::UpdateUser(http::Context& c) {
  auto body = http::ParseJsonObject(c.request);
  http::FieldReader f(body);
  UserChanges changes;
  changes.is_disabled_by_admin = f.OptionalBool("is_disabled_by_admin");
  if (auto it = body.find("app_limit_override"); it != body.end()) {
    changes.set_override = true;
    const auto& v = it->value();
    if (v.is_null()) {
      changes.app_limit_override = std::nullopt;
    } else if (v.is_int64() && v.as_int64() >= 0 && v.as_int64() <= 2147483647) {
      changes.app_limit_override = v.as_int64();
    } else if (v.is_uint64() && v.as_uint64() <= 2147483647) {
      changes.app_limit_override = static_cast<std::int64_t>(v.as_uint64());
    } else {
      f.AddError("app_limit_override", "Must be null or an integer between 0 and 2147483647.");
    }
  }
  f.Finish();
  return http::JsonResponse(
      200, AdminUserDetailJson(service_.UpdateUser(c.request, c.principal->user_id,
                                                   c.request.Param("id"), changes)));
}

Response AdminHandlers::CancelSubscription(http::Context& c) {
  auto body = http::ParseJsonObject(c.request);
  http::FieldReader f(body);
  bool immediately = f.OptionalBool("immediately").value_or(false);
  f.Finish();
  auto state = billing::WithStripeErrors([&] {
    return service_.CancelSubscription(c.request, c.principal->user_id, c.request.Param("id"),
                                       immediately);
  });
  return http::JsonResponse(200, billing::SubscriptionJson(state));
}

}  // namespace plangate::admin

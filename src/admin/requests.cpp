#include "admin/requests.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <iterator>
#include <utility>

#include "core/text.h"
#include "http/errors.h"
#include "http/fields.h"
#include "http/json_body.h"

namespace plangate::admin {

namespace {
// The orderings a query string names, each ascending, or descending with a leading '-'.
constexpr std::pair<std::string_view, repo::OrderField> kOrderings[] = {
    {"email", repo::OrderField::kEmail},
    {"date_joined", repo::OrderField::kDateJoined},
    {"last_login", repo::OrderField::kLastLogin}};

std::optional<bool> ParseBoolParam(const http::Request& req, const char* name,
                                   boost::json::object& errors) {
  auto text = http::QueryParam(req, name);
  if (!text) return std::nullopt;
  std::string v = core::LowerAscii(*text);
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  errors[name] = boost::json::array{"Must be true or false."};
  return std::nullopt;
}
}  // namespace

repo::UserQuery ParseUserQuery(const http::Request& req) {
  repo::UserQuery q;
  boost::json::object errors;
  if (auto search = http::QueryParam(req, "search")) {
    std::string term = core::LowerAscii(core::Trim(*search));
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
    const auto* known = std::find_if(std::begin(kOrderings), std::end(kOrderings),
                                     [&](const auto& o) { return o.first == field; });
    if (known != std::end(kOrderings)) {
      q.order = known->second;
    } else {
      errors["ordering"] = boost::json::array{
          "Order by one of: email, date_joined, last_login (prefix - for descending)."};
    }
  }
  if (!errors.empty()) throw http::ApiError::Validation(std::move(errors));
  return q;
}

std::string OrderingName(const repo::UserQuery& q) {
  for (const auto& [name, field] : kOrderings) {
    if (field == q.order) return (q.descending ? "-" : "") + std::string(name);
  }
  return {};
}

ListUsersRequest ReadListUsersRequest(const http::Request& request) {
  ListUsersRequest out;
  out.page = http::ParsePageRequest(request);
  auto cursor = http::ParseCursor(request);
  out.query = ParseUserQuery(request);
  out.ordering = OrderingName(out.query);
  out.query.limit = out.page.page_size;
  out.query.offset = out.page.Offset();
  if (!cursor) return out;
  if (cursor->ordering != out.ordering || !repo::KeyFits(out.query.order, cursor->key)) {
    throw http::ApiError::ValidationField("cursor", "This cursor belongs to another ordering.");
  }
  out.page.page = cursor->page;
  out.read_backward = cursor->before;
  out.query.offset = 0;
  out.query.position = repo::Position{cursor->key, cursor->id};
  out.query.before = cursor->before;
  return out;
}

UserChanges ReadUpdateUserRequest(const http::Request& request) {
  auto body = http::ParseJsonObject(request);
  http::FieldReader f(body);
  UserChanges changes;
  changes.is_disabled_by_admin = f.OptionalBool("is_disabled_by_admin");
  if (auto it = body.find("app_limit_override"); it != body.end()) {
    changes.set_override = true;
    const auto& v = it->value();
    if (v.is_null()) {
      changes.app_limit_override = std::nullopt;
    } else if (v.is_int64() && v.as_int64() >= 0 && v.as_int64() <= kMaxAppLimitOverride) {
      changes.app_limit_override = v.as_int64();
    } else if (v.is_uint64() && v.as_uint64() <= kMaxAppLimitOverride) {
      changes.app_limit_override = static_cast<std::int64_t>(v.as_uint64());
    } else {
      f.AddError("app_limit_override", "Must be null or an integer between 0 and 2147483647.");
    }
  }
  changes.mfa_enabled = f.OptionalBool("mfa_enabled");
  if (changes.mfa_enabled.value_or(false)) {
    f.AddError("mfa_enabled", "Only false: users turn two-factor sign-in on themselves.");
  }
  f.Finish();
  return changes;
}

CancelSubscriptionRequest ReadCancelSubscriptionRequest(const http::Request& request) {
  return http::ReadJsonBody<CancelSubscriptionRequest>(
      request, [](http::FieldReader& f, CancelSubscriptionRequest& out) {
        out.immediately = f.OptionalBool("immediately").value_or(false);
      });
}

}  // namespace plangate::admin

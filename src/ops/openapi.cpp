#include "ops/openapi.h"

#include <boost/json/array.hpp>
#include <stdexcept>

#include "core/error_codes.h"
#include "core/text.h"

namespace plangate::ops {

namespace {

boost::json::object Ref(const std::string& schema) {
  return {{"$ref", "#/components/schemas/" + schema}};
}

// "GET /api/v1/apps/{id}" -> "get_api_v1_apps_id"
std::string OperationId(const http::Route& route) {
  std::string id = core::LowerAscii(http::MethodName(route.method));
  for (char c : http::OpenApiPath(route.pattern)) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id += c;
    } else if (c == '/' || c == '-' || c == '_') {
      if (id.back() != '_') id += '_';
    }
  }
  while (id.back() == '_') id.pop_back();
  return id;
}

boost::json::array PathParameters(const std::string& pattern) {
  boost::json::array params;
  std::size_t pos = 0;
  while ((pos = pattern.find('{', pos)) != std::string::npos) {
    auto end = pattern.find('}', pos);
    const std::string inner = pattern.substr(pos + 1, end - pos - 1);
    const auto colon = inner.find(':');
    boost::json::object schema{{"type", "integer"}, {"format", "int64"}, {"minimum", 1}};
    if (colon != std::string::npos) {
      schema = {{"type", "string"}, {"pattern", http::kSlugPattern}};
    }
    params.push_back(boost::json::object{{"name", inner.substr(0, colon)},
                                         {"in", "path"},
                                         {"required", true},
                                         {"schema", std::move(schema)}});
    pos = end;
  }
  return params;
}

boost::json::object QueryParameter(const http::QueryParamDoc& q) {
  using Type = http::QueryParamDoc::Type;
  boost::json::object schema;
  switch (q.type) {
    case Type::kString:
      schema["type"] = "string";
      if (!q.values.empty()) {
        boost::json::array values;
        for (const auto& v : q.values) values.push_back(boost::json::string(v));
        schema["enum"] = std::move(values);
      }
      break;
    case Type::kInteger:
      schema["type"] = "integer";
      if (q.maximum > 0) {
        schema["minimum"] = q.minimum;
        schema["maximum"] = q.maximum;
      }
      break;
    case Type::kBoolean:
      schema["type"] = "boolean";
      break;
  }
  return {{"name", q.name},
          {"in", "query"},
          {"required", false},
          {"description", q.description},
          {"schema", std::move(schema)}};
}

boost::json::object Operation(const http::Route& route) {
  const http::RouteDoc& doc = route.doc;
  boost::json::object op;
  op["operationId"] = OperationId(route);
  op["summary"] = doc.summary;
  if (!doc.description.empty()) op["description"] = doc.description;
  op["tags"] = boost::json::array{boost::json::string(doc.tag)};
  if (route.auth == http::AuthRequirement::kNone) {
    op["security"] = boost::json::array{};
  } else {
    op["security"] = boost::json::array{boost::json::object{{"bearerAuth", boost::json::array{}}}};
  }
  boost::json::array params = PathParameters(route.pattern);
  for (const auto& q : doc.query) params.push_back(QueryParameter(q));
  if (!params.empty()) op["parameters"] = std::move(params);
  if (!doc.request_schema.empty()) {
    // A body whose schema requires no field may be left out (logout's {"all": true}).
    const auto& schema = ComponentSchemas().at(doc.request_schema).as_object();
    op["requestBody"] = {
        {"required", schema.contains("required")},
        {"content", {{"application/json", {{"schema", Ref(doc.request_schema)}}}}}};
  }
  boost::json::object responses;
  for (const auto& r : doc.responses) {
    boost::json::object entry;
    std::string description = r.description;
    for (const auto& code : r.error_codes) {
      const core::ErrorCode* entry = core::FindErrorCode(code);
      if (entry == nullptr || entry->status != r.status) {
        throw std::logic_error(route.pattern + " documents " + code + " under " +
                               std::to_string(r.status) + ", which the error catalogue " +
                               (entry ? "answers with " + std::to_string(entry->status)
                                      : std::string("does not have")));
      }
    }
    if (!r.error_codes.empty()) {
      description += " Error codes:";
      for (std::size_t i = 0; i < r.error_codes.size(); ++i) {
        description += (i ? ", " : " ") + r.error_codes[i];
      }
      description += ".";
    }
    entry["description"] = description;
    if (!r.schema.empty()) {
      entry["content"] = {{"application/json", {{"schema", Ref(r.schema)}}}};
    }
    responses[std::to_string(r.status)] = std::move(entry);
  }
  if (!doc.request_schema.empty()) {
    responses.emplace("400", boost::json::object{
                                 {"description",
                                  "Malformed body or invalid fields. Error codes: "
                                  "BAD_REQUEST, VALIDATION_ERROR."},
                                 {"content", {{"application/json", {{"schema", Ref("Error")}}}}}});
    responses.emplace(
        "413",
        boost::json::object{{"description", "Body over 1 MiB. Error codes: PAYLOAD_TOO_LARGE."},
                            {"content", {{"application/json", {{"schema", Ref("Error")}}}}}});
    responses.emplace("415",
                      boost::json::object{
                          {"description", "Body is not JSON. Error codes: UNSUPPORTED_MEDIA_TYPE."},
                          {"content", {{"application/json", {{"schema", Ref("Error")}}}}}});
  }
  op["responses"] = std::move(responses);
  return op;
}

}  // namespace

std::vector<std::string> UndocumentedRoutes(const std::vector<http::Route>& routes) {
  std::vector<std::string> missing;
  const auto& schemas = ComponentSchemas();
  for (const auto& route : routes) {
    const auto& doc = route.doc;
    bool ok = !doc.summary.empty() && !doc.tag.empty() && !doc.responses.empty();
    if (!doc.request_schema.empty() && !schemas.contains(doc.request_schema)) ok = false;
    for (const auto& r : doc.responses) {
      if (!r.schema.empty() && !schemas.contains(r.schema)) ok = false;
      if (r.description.empty()) ok = false;
    }
    if (!ok) missing.push_back(std::string(http::MethodName(route.method)) + " " + route.pattern);
  }
  return missing;
}

boost::json::object BuildOpenApi(const std::vector<http::Route>& routes, std::string_view version) {
  boost::json::object paths;
  for (const auto& route : routes) {
    boost::json::value& item = paths[http::OpenApiPath(route.pattern)];
    if (!item.is_object()) item = boost::json::object{};
    item.as_object()[core::LowerAscii(http::MethodName(route.method))] = Operation(route);
  }
  boost::json::object doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = {
      {"title", "plangate API"},
      {"version", version},
      {"description",
       "Accounts, JWT access tokens with a rotating refresh cookie, Stripe subscriptions, "
       "per-plan app limits, shared apps and admin controls. Every error body is "
       "{\"code\", \"detail\", ...}; a trailing slash is accepted on every path. Any request may "
       "be answered 503 SERVICE_UNAVAILABLE with Retry-After when the server is at its connection "
       "caps (total or per client address) or its memory for request bodies is spent, and 408 "
       "REQUEST_TIMEOUT when its body arrives slower than the minimum rate."}};
  doc["paths"] = std::move(paths);
  doc["components"] = {
      {"schemas", ComponentSchemas()},
      {"securitySchemes",
       {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}},
        {"refreshCookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "refresh_token"}}}}}};
  return doc;
}

}  // namespace plangate::ops

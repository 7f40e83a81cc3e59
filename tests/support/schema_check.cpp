#include "schema_check.h"

#include <boost/json/serialize.hpp>
#include <cmath>
#include <regex>

namespace plangate::test {

namespace {

const boost::json::object& Resolve(const boost::json::object& schema,
                                   const boost::json::object& document) {
  auto ref = schema.find("$ref");
  if (ref == schema.end()) return schema;
  std::string path(ref->value().as_string());  // #/components/schemas/Name
  const std::string prefix = "#/components/schemas/";
  const auto& schemas = document.at("components").as_object().at("schemas").as_object();
  return Resolve(schemas.at(path.substr(prefix.size())).as_object(), document);
}

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool TypeMatches(const boost::json::value& v, std::string_view type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_bool();
  if (type == "integer") return v.is_int64() || v.is_uint64();
  if (type == "number") return v.is_number();
  return false;
}

}  // namespace

std::vector<std::string> CheckSchema(const boost::json::value& value,
                                     const boost::json::object& raw_schema,
                                     const boost::json::object& document,
                                     const std::string& where) {
  std::vector<std::string> problems;
  auto add = [&](const std::string& p) { problems.push_back(where + ": " + p); };
  const boost::json::object& schema = Resolve(raw_schema, document);

  auto nullable = schema.find("nullable");
  if (value.is_null()) {
    if (nullable == schema.end() || !nullable->value().as_bool())
      add("null where it is not nullable");
    return problems;
  }
  if (auto all = schema.find("allOf"); all != schema.end()) {
    for (const auto& part : all->value().as_array()) {
      auto sub = CheckSchema(value, part.as_object(), document, where);
      problems.insert(problems.end(), sub.begin(), sub.end());
    }
  }
  if (auto type = schema.find("type"); type != schema.end()) {
    if (!TypeMatches(value, type->value().as_string())) {
      add("expected " + std::string(type->value().as_string()) + ", got " +
          boost::json::serialize(value).substr(0, 60));
      return problems;
    }
  }
  if (auto e = schema.find("enum"); e != schema.end()) {
    bool found = false;
    for (const auto& option : e->value().as_array()) found |= option == value;
    if (!found) add("not one of the enum values: " + boost::json::serialize(value));
  }
  if (value.is_string()) {
    std::string_view s = value.as_string();
    if (auto m = schema.find("maxLength");
        m != schema.end() && CodePoints(s) > m->value().to_number<std::size_t>()) {
      add("longer than maxLength");
    }
    if (auto m = schema.find("minLength");
        m != schema.end() && CodePoints(s) < m->value().to_number<std::size_t>()) {
      add("shorter than minLength");
    }
    if (auto f = schema.find("format");
        f != schema.end() && f->value().as_string() == "date-time") {
      static const std::regex kRfc3339(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$)");
      if (!std::regex_match(std::string(s), kRfc3339))
        add("not an RFC 3339 UTC time: " + std::string(s));
    }
  }
  if (value.is_number()) {
    double v = value.to_number<double>();
    if (auto m = schema.find("minimum"); m != schema.end() && v < m->value().to_number<double>())
      add("below minimum");
    if (auto m = schema.find("maximum"); m != schema.end() && v > m->value().to_number<double>())
      add("above maximum");
  }
  if (value.is_object()) {
    const auto& obj = value.as_object();
    if (auto req = schema.find("required"); req != schema.end()) {
      for (const auto& name : req->value().as_array()) {
        if (!obj.contains(name.as_string()))
          add("missing required property " + std::string(name.as_string()));
      }
    }
    const boost::json::object* props = nullptr;
    if (auto p = schema.find("properties"); p != schema.end()) props = &p->value().as_object();
    auto additional = schema.find("additionalProperties");
    for (const auto& [key, member] : obj) {
      std::string child = where + "." + std::string(key);
      if (props && props->contains(key)) {
        auto sub = CheckSchema(member, props->at(key).as_object(), document, child);
        problems.insert(problems.end(), sub.begin(), sub.end());
      } else if (additional != schema.end() && additional->value().is_object()) {
        auto sub = CheckSchema(member, additional->value().as_object(), document, child);
        problems.insert(problems.end(), sub.begin(), sub.end());
      }
    }
  }
  if (value.is_array()) {
    if (auto items = schema.find("items"); items != schema.end()) {
      std::size_t i = 0;
      for (const auto& item : value.as_array()) {
        auto sub = CheckSchema(item, items->value().as_object(), document,
                               where + "[" + std::to_string(i++) + "]");
        problems.insert(problems.end(), sub.begin(), sub.end());
      }
    }
  }
  return problems;
}

}  // namespace plangate::test

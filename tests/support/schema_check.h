#pragma once
// Checks a JSON value against an OpenAPI 3.0 schema: the subset this API's document uses ($ref,
// allOf, type, nullable, required, properties, additionalProperties, items, enum, minimum,
// maximum, minLength, maxLength, format date-time). Returns every problem found.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace plangate::test {

std::vector<std::string> CheckSchema(const boost::json::value& value,
                                     const boost::json::object& schema,
                                     const boost::json::object& document,
                                     const std::string& where = "$");

}  // namespace plangate::test

#pragma once
// Request-field validation with DRF's behaviour and messages: every problem of a body is
// collected per field, then reported at once as one VALIDATION_ERROR.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "http/json_body.h"
#include "http/message.h"

namespace plangate::http {

struct StringRule {
  std::size_t min_length = 1;     // code points; 0 allows blank
  std::size_t max_length = 1000;  // code points
  bool trim = true;               // DRF trims every text field but passwords
};

class FieldReader {
 public:
  explicit FieldReader(const boost::json::object& body) : body_(body) {}

  // A required string. Returns "" (and records an error) when it is missing or invalid.
  std::string String(std::string_view name, StringRule rule = {});
  std::optional<std::string> OptionalString(std::string_view name, StringRule rule = {});
  // A required email: trimmed, lower-cased, at most 254 chars, plausible syntax.
  std::string Email(std::string_view name);
  // A required password: untrimmed, 1..128 code points (the policy is checked elsewhere).
  std::string Password(std::string_view name);
  std::optional<bool> OptionalBool(std::string_view name);

  bool Has(std::string_view name) const { return body_.contains(name); }
  void AddError(std::string_view name, std::string message);
  bool HasErrors() const { return !errors_.empty(); }
  bool HasError(std::string_view name) const { return errors_.contains(name); }
  // Throws ApiError::Validation with every error recorded.
  void Finish() const;

 private:
  const boost::json::value* Get(std::string_view name, bool required);
  const boost::json::object& body_;
  boost::json::object errors_;
};

// The request's JSON body read field by field: fill(reader, out) takes the values and records
// the problems, and every problem is reported at once (one VALIDATION_ERROR) when it returns.
template <typename T, typename Fill>
T ReadJsonBody(const Request& request, Fill&& fill) {
  const boost::json::object body = ParseJsonObject(request);
  FieldReader f(body);
  T out;
  std::forward<Fill>(fill)(f, out);
  f.Finish();
  return out;
}

std::size_t CodePointCount(std::string_view utf8);
bool IsValidEmail(std::string_view email);

}  // namespace plangate::http

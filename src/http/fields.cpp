#include "http/fields.h"

#include <boost/json/array.hpp>

#include "core/text.h"
#include "http/errors.h"

namespace plangate::http {

std::size_t CodePointCount(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsValidEmail(std::string_view email) {
  if (email.size() > 254) return false;
  auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= email.size()) return false;
  std::string_view local = email.substr(0, at);
  std::string_view domain = email.substr(at + 1);
  if (local.size() > 64) return false;
  for (unsigned char c : local) {
    if (c <= 0x20 || c >= 0x7f || c == '@' || c == '(' || c == ')' || c == '<' || c == '>' ||
        c == ',' || c == ';' || c == ':' || c == '\\' || c == '"' || c == '[' || c == ']') {
      return false;
    }
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return false;
  }
  // Domain: dot-separated labels of letters, digits and inner hyphens, with a dot somewhere.
  if (domain.find('.') == std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= domain.size()) {
    auto dot = domain.find('.', start);
    std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (unsigned char c : label) {
      if (!(std::isalnum(c) || c == '-')) return false;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

void FieldReader::AddError(std::string_view name, std::string message) {
  boost::json::value& slot = errors_[name];
  if (!slot.is_array()) slot = boost::json::array{};
  slot.as_array().push_back(boost::json::string(std::move(message)));
}

void FieldReader::Finish() const {
  if (!errors_.empty()) throw ApiError::Validation(errors_);
}

const boost::json::value* FieldReader::Get(std::string_view name, bool required) {
  auto it = body_.find(name);
  if (it == body_.end()) {
    if (required) AddError(name, "This field is required.");
    return nullptr;
  }
  if (it->value().is_null()) {
    AddError(name, "This field may not be null.");
    return nullptr;
  }
  return &it->value();
}

std::optional<std::string> FieldReader::OptionalString(std::string_view name, StringRule rule) {
  const boost::json::value* v = Get(name, false);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    AddError(name, "Not a valid string.");
    return std::nullopt;
  }
  std::string_view raw = v->as_string();
  if (raw.find('\0') != std::string_view::npos) {
    AddError(name, "Null characters are not allowed.");
    return std::nullopt;
  }
  std::string value(rule.trim ? core::Trim(raw) : raw);
  std::size_t length = CodePointCount(value);
  if (length == 0 && rule.min_length > 0) {
    AddError(name, "This field may not be blank.");
    return std::nullopt;
  }
  if (length < rule.min_length) {
    AddError(name,
             "Ensure this field has at least " + std::to_string(rule.min_length) + " characters.");
    return std::nullopt;
  }
  if (length > rule.max_length) {
    AddError(name, "Ensure this field has no more than " + std::to_string(rule.max_length) +
                       " characters.");
    return std::nullopt;
  }
  return value;
}

std::string FieldReader::String(std::string_view name, StringRule rule) {
  if (!Has(name)) {
    AddError(name, "This field is required.");
    return {};
  }
  return OptionalString(name, rule).value_or(std::string());
}

std::string FieldReader::Email(std::string_view name) {
  if (!Has(name)) {
    AddError(name, "This field is required.");
    return {};
  }
  auto value = OptionalString(name, StringRule{1, 254, true});
  if (!value) return {};
  if (!IsValidEmail(*value)) {
    AddError(name, "Enter a valid email address.");
    return {};
  }
  return core::LowerAscii(*value);
}

std::string FieldReader::Password(std::string_view name) {
  if (!Has(name)) {
    AddError(name, "This field is required.");
    return {};
  }
  // Length beyond 1..128 is the policy's to report, with its own message; here only type.
  return OptionalString(name, StringRule{1, 4096, false}).value_or(std::string());
}

std::optional<bool> FieldReader::OptionalBool(std::string_view name) {
  const boost::json::value* v = Get(name, false);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    AddError(name, "Must be a valid boolean.");
    return std::nullopt;
  }
  return v->as_bool();
}

}  // namespace plangate::http

#pragma once
// The one error type handlers throw, and the one place that renders it into the contract's
// {"code", "detail", ...} shape.

#include <boost/json/object.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/error_codes.h"
#include "http/message.h"

namespace plangate::http {

class ApiError : public std::runtime_error {
 public:
  // Only codes of the catalogue (core/error_codes.h): each has its one status.
  ApiError(const core::ErrorCode& code, std::string detail, boost::json::object extra = {});

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& detail() const { return detail_; }
  const boost::json::object& extra() const { return extra_; }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }

  ApiError&& WithHeader(std::string name, std::string value) &&;

  static ApiError BadRequest(std::string detail);
  static ApiError NotFound(std::string detail = "Not found.");
  static ApiError UnsupportedMediaType(std::string detail);
  static ApiError PayloadTooLarge();
  static ApiError ServiceUnavailable(
      std::string detail = "The service is temporarily unavailable.");
  static ApiError Internal();
  // errors: field name -> list of messages.
  static ApiError Validation(boost::json::object errors);
  static ApiError ValidationField(const std::string& field, std::string message);

 private:
  int status_;
  std::string code_;
  std::string detail_;
  boost::json::object extra_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

Response RenderError(const ApiError& error);

}  // namespace plangate::http

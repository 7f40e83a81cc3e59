#include "http/errors.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace plangate::http {

ApiError::ApiError(const core::ErrorCode& code, std::string detail, boost::json::object extra)
    : std::runtime_error(std::string(code.code)),
      status_(code.status),
      code_(code.code),
      detail_(std::move(detail)),
      extra_(std::move(extra)) {}

ApiError&& ApiError::WithHeader(std::string name, std::string value) && {
  headers_.emplace_back(std::move(name), std::move(value));
  return std::move(*this);
}

ApiError ApiError::BadRequest(std::string detail) {
  return ApiError(core::errors::kBadRequest, std::move(detail));
}

ApiError ApiError::NotFound(std::string detail) {
  return ApiError(core::errors::kNotFound, std::move(detail));
}

ApiError ApiError::UnsupportedMediaType(std::string detail) {
  return ApiError(core::errors::kUnsupportedMediaType, std::move(detail));
}

ApiError ApiError::PayloadTooLarge() {
  return ApiError(core::errors::kPayloadTooLarge, "Request body is larger than 1 MiB.");
}

ApiError ApiError::ServiceUnavailable(std::string detail) {
  return ApiError(core::errors::kServiceUnavailable, std::move(detail));
}

ApiError ApiError::Internal() {
  return ApiError(core::errors::kInternalError, "An internal error occurred.");
}

ApiError ApiError::Validation(boost::json::object errors) {
  boost::json::object extra;
  extra["errors"] = std::move(errors);
  return ApiError(core::errors::kValidationError, "Invalid input.", std::move(extra));
}

ApiError ApiError::ValidationField(const std::string& field, std::string message) {
  boost::json::object errors;
  errors[field] = boost::json::array{boost::json::string(std::move(message))};
  return Validation(std::move(errors));
}

Response RenderError(const ApiError& error) {
  boost::json::object body;
  body.reserve(2 + error.extra().size());
  body["code"] = error.code();
  body["detail"] = error.detail();
  for (const auto& [key, value] : error.extra()) {
    // code and detail are the contract's; extra fields never replace them.
    if (key != "code" && key != "detail") body[key] = value;
  }
  Response r = Response::Json(error.status(), boost::json::serialize(body));
  for (const auto& [name, value] : error.headers()) r.headers.emplace_back(name, value);
  return r;
}

}  // namespace plangate::http

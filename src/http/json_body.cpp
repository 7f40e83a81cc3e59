#include "http/json_body.h"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/serialize.hpp>

#include "core/clock.h"
#include "core/text.h"
#include "http/errors.h"

namespace plangate::http {

namespace {
constexpr std::size_t kMaxDepth = 32;

}  // namespace

bool IsJsonContentType(std::string_view content_type) {
  std::string_view media =
      core::Trim(content_type.substr(0, content_type.find(';')), core::kOptionalWhitespace);
  if (EqualsIgnoreCase(media, "application/json")) return true;
  constexpr std::string_view kPrefix = "application/";
  constexpr std::string_view kSuffix = "+json";
  return media.size() > kPrefix.size() + kSuffix.size() &&
         EqualsIgnoreCase(media.substr(0, kPrefix.size()), kPrefix) &&
         EqualsIgnoreCase(media.substr(media.size() - kSuffix.size()), kSuffix);
}

boost::json::object ParseJsonObject(const Request& request) {
  if (request.body.empty()) return {};
  auto content_type = request.HeaderValue("Content-Type");
  if (!content_type || !IsJsonContentType(*content_type)) {
    throw ApiError::UnsupportedMediaType(
        "Request body must be JSON (Content-Type: application/json).");
  }
  boost::json::parse_options options;
  options.max_depth = kMaxDepth;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(request.body, ec, {}, options);
  if (ec) throw ApiError::BadRequest("Request body is not valid JSON.");
  if (!value.is_object()) throw ApiError::BadRequest("Request body must be a JSON object.");
  return std::move(value.as_object());
}

Response JsonResponse(int status, const boost::json::value& body) {
  return Response::Json(status, boost::json::serialize(body));
}

boost::json::value TimestampOrNull(const std::optional<std::int64_t>& unix_seconds) {
  if (!unix_seconds) return nullptr;
  return boost::json::string(core::FormatTimestamp(*unix_seconds));
}

}  // namespace plangate::http

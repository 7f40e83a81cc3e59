#pragma once
// Request-body parsing shared by every route that takes JSON.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>

#include "http/message.h"

namespace plangate::http {

// The body as a JSON object. Throws ApiError: 415 for a non-JSON content type, 400 BAD_REQUEST
// for invalid JSON (including nesting deeper than a sane limit) or a non-object. An empty body is
// read as {} so that routes with only optional fields accept a bare POST.
boost::json::object ParseJsonObject(const Request& request);

// True for application/json and any application/*+json, with or without parameters.
bool IsJsonContentType(std::string_view content_type);

// A JSON response with this status and body.
Response JsonResponse(int status, const boost::json::value& body);

// An RFC 3339 UTC time string, or null.
boost::json::value TimestampOrNull(const std::optional<std::int64_t>& unix_seconds);

}  // namespace plangate::http

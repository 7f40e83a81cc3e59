#pragma once
// Request-body parsing shared by every route that takes JSON.

#include <boost/json/object.hpp>

#include "http/message.h"

namespace plangate::http {

// The body as a JSON object. Throws ApiError: 415 for a non-JSON content type, 400 BAD_REQUEST
// for invalid JSON (including nesting deeper than a sane limit) or a non-object. An empty body is
// read as {} so that routes with only optional fields accept a bare POST.
boost::json::object ParseJsonObject(const Request& request);

// True for application/json and any application/*+json, with or without parameters.
bool IsJsonContentType(std::string_view content_type);

}  // namespace plangate::http

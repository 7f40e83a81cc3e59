#pragma once
// What the features' route lists share: the error answers many routes document alike, the
// page query of paginated lists, and a handler object's member as a route's handler.

#include <cstdint>
#include <string>
#include <vector>

#include "http/message.h"
#include "http/router.h"

namespace plangate::http {

inline ResponseDoc Error(int status, std::string description, std::vector<std::string> codes) {
  return ResponseDoc{status, std::move(description), "Error", std::move(codes)};
}

// Every route with a body also documents 400/413/415 (added by the generator).
inline const ResponseDoc kRateLimited =
    Error(429, "Too many attempts; see Retry-After.", {"RATE_LIMITED"});
inline const ResponseDoc kUnauthenticated =
    Error(401, "Missing, malformed or expired access token.", {"NOT_AUTHENTICATED"});
inline const ResponseDoc kDisabled = Error(403, "The account is disabled.", {"ACCOUNT_DISABLED"});
inline const ResponseDoc kUnavailable =
    Error(503, "The database is unreachable.", {"SERVICE_UNAVAILABLE"});

// DRF's page-number pagination, on every paginated list.
inline std::vector<QueryParamDoc> PageQuery() {
  using Q = QueryParamDoc;
  return {Q{"page", Q::Type::kInteger, "The page number, from 1 (default 1).", {}, 1, INT64_MAX},
          Q{"page_size", Q::Type::kInteger, "Items per page, 1-100 (default 20).", {}, 1, 100}};
}

// A member function of a handler object (which outlives the routes) as a route's handler.
template <class Handlers>
auto Bind(Handlers& handlers, Response (Handlers::*fn)(Context&)) {
  return [&handlers, fn](Context& c) { return (handlers.*fn)(c); };
}

// The names a feature's route list is written with, for `using namespace http::route_names;`.
namespace route_names {
using http::AuthRequirement;
using http::Bind;
using http::Error;
using http::Execution;
using http::Method;
using http::ResponseDoc;
using http::Route;
using http::RouteDoc;
}  // namespace route_names

}  // namespace plangate::http
